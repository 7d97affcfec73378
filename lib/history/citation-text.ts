import type { Wiki } from "@/db/schema";
import { computeFootnotes, type FootnoteRun } from "@/lib/citations/footnotes";
import { sourceLookup } from "@/lib/sources/registry";
import type { CitationRef } from "./blocks";

/** The wording of a citation's footnote, for a redline: source and pinpoint in the wiki's style. */
export type CitationText = (citation: Pick<CitationRef, "sourceId" | "pinpoint">) => FootnoteRun[];

/**
 * Each citation worded as its footnote would read standing alone (the full form, never "ibid"):
 * a redline mixes two versions, so short forms pointing at other footnotes would mislead. The
 * sources are the wiki's as they are now, as the page itself shows them.
 */
export async function citationTextFor(wiki: Pick<Wiki, "id" | "citationStyle">): Promise<CitationText> {
  const lookup = await sourceLookup(wiki.id);
  return ({ sourceId, pinpoint }) =>
    computeFootnotes({ type: "doc", content: [{ type: "citation", attrs: { sourceId, pinpoint } }] }, lookup, wiki.citationStyle)[0].runs;
}
