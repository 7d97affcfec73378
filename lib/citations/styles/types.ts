import type { CitableSource, FootnoteRun } from "../footnotes";

/** A fixed version of a wiki page, as its "Cite" dialog cites it; `paragraph` when one is cited. */
export type CitedPage = { wikiName: string; pageTitle: string; version: number; date: Date; paragraph?: number | null };

/**
 * A citation style: how a footnote reads the first time a source is cited, after that, and
 * right after itself. Adding a style (Bluebook, say) is one file implementing this and a line in
 * ./index.ts.
 */
export type CitationStyle = {
  id: string;
  label: string;
  /** The first citation of a source. */
  full(source: CitableSource, pinpoint: string): FootnoteRun[];
  /** A later citation, not straight after the previous one; `firstNote` is where it was first cited. */
  subsequent(source: CitableSource, pinpoint: string, firstNote: number): FootnoteRun[];
  /** A citation of the same source as the footnote just before. */
  repeat(source: CitableSource, pinpoint: string): FootnoteRun[];
  /** The citation of a wiki page's version, as Markdown: what is italic is in `*asterisks*`. */
  page(cited: CitedPage): string;
};
