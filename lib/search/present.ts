import { findComment } from "@/db/queries/comments";
import { findPageById } from "@/db/queries/pages";
import { findWikiById } from "@/db/queries/wikis";
import { pageUrl } from "@/lib/wikis/access";
import type { SearchResult } from "./search";

export type SearchHit = SearchResult & {
  wikiName: string;
  pageTitle: string;
  /** The comment's thread, for comment hits. */
  threadId?: string;
  /**
   * Where the hit is: a page hit opens the page with `?highlight=<matched text>` (the page
   * scrolls to and marks its first occurrence); a comment hit opens the page with
   * `?thread=<threadId>`, which the comments panel focuses.
   */
  url: string;
};

/** Adds what a result list shows: the wiki's name, the page's title and where to go. */
export function presentSearchResults(results: SearchResult[]): SearchHit[] {
  const wikis = new Map<string, { slug: string; name: string } | undefined>();
  return results.flatMap((r) => {
    if (!wikis.has(r.wikiId)) wikis.set(r.wikiId, findWikiById(r.wikiId));
    const wiki = wikis.get(r.wikiId);
    const page = findPageById(r.pageId);
    if (!wiki || !page) return [];
    const base = pageUrl(wiki.slug, page.slug);
    if (r.kind === "comment") {
      const comment = findComment(r.id);
      if (!comment) return [];
      return [{ ...r, wikiName: wiki.name, pageTitle: page.title, threadId: comment.threadId, url: `${base}?thread=${encodeURIComponent(comment.threadId)}` }];
    }
    const url = r.matchText ? `${base}?${new URLSearchParams({ highlight: r.matchText })}` : base;
    return [{ ...r, wikiName: wiki.name, pageTitle: page.title, url }];
  });
}
