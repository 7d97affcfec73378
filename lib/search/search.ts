import { searchIndex, type SearchKind } from "@/db/queries/search";
import { markMatches, markTerms } from "./query";

export type SearchResult = {
  kind: SearchKind;
  id: string;
  wikiId: string;
  pageId: string;
  /** HTML-safe, matches wrapped in <mark>. */
  titleHtml: string;
  snippetHtml: string;
  /** The whole query matches the page's title (always false for comments). */
  titleMatch: boolean;
  /** The first matched text of the snippet as written in the page, for landing on it; absent when only the title matched. */
  matchText?: string;
};

/**
 * Searches the wikis the user belongs to (and only those), optionally one wiki and one kind:
 * pages whose title matches first, then by rank. Returns [] for a query with nothing
 * searchable in it.
 */
export async function search(
  userId: string,
  q: string,
  options: { wikiId?: string; kind?: SearchKind; limit?: number } = {},
): Promise<SearchResult[]> {
  const rows = await searchIndex({ userId, input: q, wikiId: options.wikiId, kind: options.kind, limit: options.limit ?? 50 });
  return rows.map((row) => {
    // A title hit's snippet is the page's opening words, found by a title-only match: nothing
    // marked it.
    const snippet = row.titleHit === 1 && !row.snippet.includes("\u0002") ? markTerms(row.snippet, q) : row.snippet;
    const marked = /\u0002([^\u0003]*)\u0003/.exec(snippet)?.[1].trim();
    return {
      kind: row.kind,
      id: row.refId,
      wikiId: row.wikiId,
      pageId: row.pageId,
      titleHtml: markMatches(row.title),
      snippetHtml: markMatches(snippet),
      titleMatch: row.titleHit === 1,
      ...(marked ? { matchText: marked } : {}),
    };
  });
}
