import type { JSONContent } from "@tiptap/core";
import { z } from "zod";
import { SOURCE_KINDS } from "@/db/schema/sources";
import { listAllSources, type CitingPlace } from "@/db/queries/sources";
import type { Source, Wiki } from "@/db/schema";
import { computeFootnotes, type CitableSource, type Footnote } from "@/lib/citations/footnotes";
import { citationStyle } from "@/lib/citations/styles";
import { parseFields, sourceLookup, toCitable } from "./registry";

/** A source as the API shows it, with its full citation in the wiki's style. */
export function presentSource(source: Source, wiki: Pick<Wiki, "citationStyle">): SourceView {
  const style = citationStyle(wiki.citationStyle);
  return {
    id: source.id,
    wikiId: source.wikiId,
    kind: source.kind,
    title: source.title,
    shortTitle: source.shortTitle,
    fields: parseFields(source.fields),
    url: source.url,
    notes: source.notes,
    citation: style
      .full(toCitable(source), "")
      .map((run) => run.text)
      .join(""),
    mergedInto: source.mergedInto,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}

export function presentCitingPlace(place: CitingPlace): CitingPlaceView {
  return { pageId: place.pageId, pageTitle: place.pageTitle, paragraph: place.blockId, pinpoint: place.pinpoint, context: place.context };
}

/** What the browser needs to word footnotes live: the wiki's live sources, the merges, the style. */
export async function sourceBook(wiki: Pick<Wiki, "id" | "citationStyle">): Promise<SourceBook> {
  return sourceBookOf(await listAllSources(wiki.id), wiki);
}

export type SourceBook = { style: string; sources: CitableSource[]; mergedInto: Record<string, string> };

/** sourceBook from the wiki's sources as listAllSources reads them. */
export function sourceBookOf(all: Source[], wiki: Pick<Wiki, "citationStyle">): SourceBook {
  return {
    style: wiki.citationStyle,
    sources: all.filter((s) => !s.mergedInto).map(toCitable),
    mergedInto: Object.fromEntries(all.filter((s) => s.mergedInto).map((s) => [s.id, s.mergedInto!])),
  };
}

/** A page's footnotes, numbered and worded as the page shows them. */
export async function pageFootnotes(json: JSONContent, wiki: Pick<Wiki, "id" | "citationStyle">): Promise<Footnote[]> {
  return computeFootnotes(json, await sourceLookup(wiki.id), wiki.citationStyle);
}

// Response shapes: the OpenAPI document and the presenters above take them from here.
const sourceKind = z.enum(SOURCE_KINDS);
export const sourceView = z.object({
  id: z.string(),
  wikiId: z.string(),
  kind: sourceKind,
  title: z.string(),
  shortTitle: z.string(),
  fields: z.record(z.string(), z.string()),
  url: z.string(),
  notes: z.string(),
  citation: z.string().describe("The full citation in the wiki's style, without pinpoint"),
  mergedInto: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const savedSourceView = z.object({
  source: sourceView,
  duplicates: z.array(sourceView).describe("Live sources that look like the same authority"),
});
const citingPlaceView = z.object({
  pageId: z.string(),
  pageTitle: z.string(),
  paragraph: z.string().nullable(),
  pinpoint: z.string(),
  context: z.string(),
});
export const sourceDetailView = z.object({ source: sourceView, citedIn: z.array(citingPlaceView) });
export const footnotesView = z.object({
  style: z.string(),
  footnotes: z.array(
    z.object({
      number: z.number().int(),
      sourceId: z.string().nullable(),
      pinpoint: z.string(),
      text: z.string(),
      runs: z.array(z.object({ text: z.string(), italic: z.boolean().optional() })),
    }),
  ),
});

export type SourceView = z.infer<typeof sourceView>;
export type CitingPlaceView = z.infer<typeof citingPlaceView>;
