import type { CitableSource, FootnoteRun } from "../footnotes";

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
};
