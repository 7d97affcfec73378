import { loadCitableSources } from "@/db/queries/export-sources";
import { findUserNames } from "@/db/queries/suggestions";
import type { Wiki } from "@/db/schema";
import { computeFootnotes, type CitableSource } from "@/lib/citations/footnotes";
import { AppError } from "@/lib/errors";
import { readPageContent } from "@/lib/pages/content";
import { contentWithoutSuggestions, holdsSuggestions } from "@/lib/suggestions/settled";
import { listSuggestions } from "@/lib/suggestions/view";
import type { ExportBundle, ExportChapter, ExportFormat } from "./bundle";
import type { DocxOptions } from "./docx";

/**
 * What a DOCX export does with pending suggestions (issue 19): `accepted` (the default) writes the
 * accepted text, as every other export does; `tracked` writes them as Word tracked changes by
 * their suggesters, for a reviewer to accept or reject in Word.
 */
export const DOCX_SUGGESTION_OPTIONS = ["accepted", "tracked"] as const;
export type DocxSuggestionOption = (typeof DOCX_SUGGESTION_OPTIONS)[number];

/** Reads `?suggestions=`; only DOCX has tracked changes, so another format with `tracked` is an error. */
export function parseSuggestionsOption(raw: string | undefined, format: ExportFormat): DocxSuggestionOption {
  if (raw === undefined || raw === "" || raw === "accepted") return "accepted";
  if (raw !== "tracked")
    throw new AppError("bad_request", `Say suggestions=accepted or suggestions=tracked ("${raw}" is not one), or leave it out`);
  if (format !== "docx")
    throw new AppError(
      "bad_request",
      "Pending suggestions export as tracked changes in Word only: use format=docx with suggestions=tracked",
    );
  return "tracked";
}

function hasPendingSuggestions(chapter: Pick<ExportChapter, "json">): boolean {
  return holdsSuggestions(chapter.json);
}

/**
 * The bundle as the DOCX writer is to read it, and the writer's options. Chapters are re-read
 * only where needed: for `accepted`, a chapter that still holds pending suggestions loses them;
 * for `tracked`, a chapter whose suggestions were already taken out is read again as stored.
 * Either way its footnotes are counted again, since suggestions may add or remove citations.
 */
export async function prepareDocxExport(
  bundle: ExportBundle,
  wiki: Wiki,
  option: DocxSuggestionOption,
): Promise<{ bundle: ExportBundle; options: DocxOptions }> {
  let lookup: Map<string, CitableSource> | undefined;
  const withJson = async (chapter: ExportChapter, json: ExportChapter["json"]): Promise<ExportChapter> => {
    lookup ??= await loadCitableSources(wiki.id);
    const sources = lookup;
    return { ...chapter, json, footnotes: computeFootnotes(json, (id) => sources.get(id), wiki.citationStyle) };
  };
  if (option === "accepted") {
    const chapters: ExportChapter[] = [];
    for (const chapter of bundle.chapters)
      chapters.push(hasPendingSuggestions(chapter) ? await withJson(chapter, contentWithoutSuggestions(chapter.json)) : chapter);
    return { bundle: { ...bundle, chapters }, options: {} };
  }
  const chapters: ExportChapter[] = [];
  for (const chapter of bundle.chapters) {
    if (hasPendingSuggestions(chapter)) {
      chapters.push(chapter);
      continue;
    }
    const stored = (await readPageContent(chapter.pageId)).json;
    chapters.push(holdsSuggestions(stored) ? await withJson(chapter, stored) : chapter);
  }
  const authorIds = chapters.flatMap((chapter) => listSuggestions(chapter.json).map((s) => s.authorId));
  return {
    bundle: { ...bundle, chapters, filenameBase: `${bundle.filenameBase || "export"}-suggestions` },
    options: { trackedSuggestions: { authorNames: await findUserNames(authorIds) } },
  };
}
