import type { JSONContent } from "@tiptap/core";
import { loadCitableSources } from "@/db/queries/export-sources";
import { listPages } from "@/db/queries/pages";
import type { Page, Wiki } from "@/db/schema";
import { computeFootnotes, type CitableSource, type Footnote } from "@/lib/citations/footnotes";
import { readPageContent } from "@/lib/pages/content";
import { buildPageTree, flattenTree } from "@/lib/pages/tree";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";

/** One page of an export: its title becomes a level-1 heading and its own headings move down one. */
export type ExportChapter = { pageId: string; title: string; slug: string; json: JSONContent; footnotes: Footnote[] };

/** Everything a format writer needs, already authorized and loaded: writers never touch the database. */
export type ExportBundle = {
  title: string;
  /** Base of the download's filename (a slug, no extension). */
  filenameBase: string;
  wikiSlug: string;
  chapters: ExportChapter[];
  /** The wiki's live pages, for wiki links (relative links in Markdown and HTML). */
  wikiPages: { id: string; title: string; slug: string }[];
};

export const EXPORT_FORMATS = ["docx", "pdf", "md", "html"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

async function chapterOf(
  page: Pick<Page, "id" | "title" | "slug">,
  wiki: Wiki,
  lookup: Map<string, CitableSource>,
): Promise<ExportChapter> {
  // Exports carry the text of record: a pending suggestion is not yet the page's text.
  const json = contentWithoutSuggestions((await readPageContent(page.id)).json);
  const footnotes = computeFootnotes(json, (id) => lookup.get(id), wiki.citationStyle);
  return { pageId: page.id, title: page.title, slug: page.slug, json, footnotes };
}

/** A single page as an export (the caller has checked page.read). */
export async function pageExportBundle(page: Page, wiki: Wiki): Promise<ExportBundle> {
  const lookup = await loadCitableSources(wiki.id);
  const wikiPages = (await listPages(wiki.id)).map(({ id, title, slug }) => ({ id, title, slug }));
  return { title: page.title, filenameBase: page.slug, wikiSlug: wiki.slug, chapters: [await chapterOf(page, wiki, lookup)], wikiPages };
}

/** Every live page of a wiki in tree order (trashed pages are not listed; the caller has checked page.read). */
export async function wikiExportBundle(wiki: Wiki): Promise<ExportBundle> {
  const lookup = await loadCitableSources(wiki.id);
  const pages = flattenTree(buildPageTree(await listPages(wiki.id)));
  const wikiPages = pages.map(({ id, title, slug }) => ({ id, title, slug }));
  // One page after the other: each is read and its footnotes worded before the next is loaded.
  const chapters: ExportChapter[] = [];
  for (const page of pages) chapters.push(await chapterOf(page, wiki, lookup));
  return { title: wiki.name, filenameBase: wiki.slug, wikiSlug: wiki.slug, chapters, wikiPages };
}

/** Content type of each format, for the download. */
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};
