import { bluebook } from "./bluebook";
import { oscola } from "./oscola";
import type { CitationStyle } from "./types";

export type { CitationStyle };

/** Every style a wiki may choose. A new style: one file like ./oscola.ts, and a line here. */
export const CITATION_STYLES: Record<string, CitationStyle> = { oscola, bluebook };

export const DEFAULT_STYLE = oscola;

export function citationStyle(id: string | null | undefined): CitationStyle {
  // Own keys only: "toString" must not find Object's method.
  return (id && Object.hasOwn(CITATION_STYLES, id) && CITATION_STYLES[id]) || DEFAULT_STYLE;
}
