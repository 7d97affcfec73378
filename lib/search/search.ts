import { searchIndex, type SearchKind } from "@/db/queries/search";
import { markMatches, toFtsQuery } from "./query";

export type SearchResult = {
  kind: SearchKind;
  id: string;
  wikiId: string;
  pageId: string;
  /** HTML-safe, matches wrapped in <mark>. */
  titleHtml: string;
  snippetHtml: string;
  titleMatch: boolean;
};

/**
 * Searches the wikis the user belongs to (and only those): title hits first, then by bm25.
 * Returns [] for a query with nothing searchable in it.
 */
export function search(userId: string, q: string, options: { wikiId?: string; kind?: SearchKind; limit?: number } = {}): SearchResult[] {
  const match = toFtsQuery(q);
  if (!match) return [];
  const rows = searchIndex({ userId, match, wikiId: options.wikiId, kind: options.kind, limit: options.limit ?? 50 });
  return rows
    .map((row) => ({
      kind: row.kind,
      id: row.refId,
      wikiId: row.wikiId,
      pageId: row.pageId,
      titleHtml: markMatches(row.title),
      snippetHtml: markMatches(row.snippet),
      titleMatch: row.kind === "page" && row.title.includes("\u0002"),
      rank: row.rank,
    }))
    .sort((a, b) => Number(b.titleMatch) - Number(a.titleMatch) || a.rank - b.rank)
    .map(({ rank: _rank, ...result }) => result);
}
