import { z } from "zod";
import { findComment } from "@/db/queries/comments";
import { findPageById } from "@/db/queries/pages";
import { findWikiById } from "@/db/queries/wikis";
import { pageUrl } from "@/lib/wikis/access";
import type { SearchResult } from "./search";

/** A search result as the API answers it; `url` is where the hit is (see the OpenAPI description). */
export const searchHitView = z.object({
  kind: z.enum(["page", "comment"]),
  id: z.string().describe("The page's or the comment's id"),
  wikiId: z.string(),
  pageId: z.string(),
  threadId: z.string().optional().describe("Comment hits: the comment's thread"),
  titleHtml: z.string(),
  snippetHtml: z.string(),
  titleMatch: z.boolean().describe("The whole query matches the page's title"),
  matchText: z.string().optional().describe("The first matched text of the snippet"),
  wikiName: z.string(),
  pageTitle: z.string(),
  /**
   * A page hit opens the page with `?highlight=<matched text>` (the page scrolls to and marks its
   * first occurrence); a comment hit opens the page with `?thread=<threadId>`, which the comments
   * panel focuses.
   */
  url: z.string().describe("Where the hit is, relative to the site"),
});

export const searchResultsView = z.object({ results: z.array(searchHitView) });

export type SearchHit = z.infer<typeof searchHitView>;

/** Adds what a result list shows: the wiki's name, the page's title and where to go. */
export async function presentSearchResults(results: SearchResult[]): Promise<SearchHit[]> {
  const wikis = new Map<string, { slug: string; name: string } | undefined>();
  const hits: SearchHit[] = [];
  for (const r of results) {
    if (!wikis.has(r.wikiId)) wikis.set(r.wikiId, await findWikiById(r.wikiId));
    const wiki = wikis.get(r.wikiId);
    const page = await findPageById(r.pageId);
    if (!wiki || !page) continue;
    const base = pageUrl(wiki.slug, page.slug);
    if (r.kind === "comment") {
      const comment = await findComment(r.id);
      if (!comment) continue;
      hits.push({
        ...r,
        wikiName: wiki.name,
        pageTitle: page.title,
        threadId: comment.threadId,
        url: `${base}?thread=${encodeURIComponent(comment.threadId)}`,
      });
      continue;
    }
    const url = r.matchText ? `${base}?${new URLSearchParams({ highlight: r.matchText })}` : base;
    hits.push({ ...r, wikiName: wiki.name, pageTitle: page.title, url });
  }
  return hits;
}
