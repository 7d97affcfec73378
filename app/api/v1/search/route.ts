import { endpoint } from "@/lib/api/endpoint";
import { presentSearchResults, searchResultsView } from "@/lib/search/present";
import { search } from "@/lib/search/search";
import { searchParamsSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

/**
 * GET /api/v1/search?q=&wiki=<id>|all&kind=pages|comments|all[&limit=]: pages and comments the
 * caller may read, title hits first, then by relevance; snippets are HTML with matches in <mark>.
 */
export const GET = endpoint(
  {
    method: "GET",
    path: "/search",
    operationId: "search",
    summary: "Search page titles, page text and comments in the wikis the caller belongs to",
    description:
      "Pages whose title matches the whole query come first, then everything else by relevance (SQLite FTS5 bm25, titles weighted 10:1). Every term matches as written (A/70/174, 13(c) and Art. 2(4) are found as such), \"double quotes\" make a phrase, and the last term matches as a prefix. `titleHtml` and `snippetHtml` are escaped HTML with matches in `<mark>`. A page hit's `url` carries `?highlight=` (the page scrolls to and marks that text); a comment hit's carries `?thread=` (the comments panel opens the thread).",
    // Searching one wiki asks `wiki.read` of it; across wikis only what the caller may read is searched.
    action: "account",
    query: searchParamsSchema,
    response: { status: 200, description: "Results, best first", schema: searchResultsView },
    errors: [400, 404],
  },
  async ({ user, query: { q, wikiId, kind, limit } }) => {
    // A wiki the caller cannot read answers 404, as every other wiki-scoped endpoint does.
    if (wikiId) await requireWikiAccess(user.id, wikiId, "wiki.read");
    return { results: await presentSearchResults(await search(user.id, q, { wikiId, kind, limit })) };
  },
);
