import { findPageById } from "@/db/queries/pages";
import { findWikiById } from "@/db/queries/wikis";
import { pageUrl } from "@/lib/wikis/access";
import type { SearchResult } from "./search";

export type SearchHit = SearchResult & { wikiName: string; pageTitle: string; url: string };

/** Adds what a result list shows: the wiki's name, the page's title and where to go. */
export function presentSearchResults(results: SearchResult[]): SearchHit[] {
  const wikis = new Map<string, { slug: string; name: string } | undefined>();
  return results.flatMap((r) => {
    if (!wikis.has(r.wikiId)) wikis.set(r.wikiId, findWikiById(r.wikiId));
    const wiki = wikis.get(r.wikiId);
    const page = findPageById(r.pageId);
    if (!wiki || !page) return [];
    const url = pageUrl(wiki.slug, page.slug) + (r.kind === "comment" ? `?thread=${encodeURIComponent(r.id)}` : "");
    return [{ ...r, wikiName: wiki.name, pageTitle: page.title, url }];
  });
}
