import { apiRoute, readQuery } from "@/lib/api/handler";
import { presentSearchResults } from "@/lib/search/present";
import { search } from "@/lib/search/search";
import { searchParamsSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

/**
 * GET /api/v1/search?q=&wiki=<id>|all&kind=pages|comments|all[&limit=]: pages and comments the
 * caller may read, title hits first, then by relevance; snippets are HTML with matches in <mark>.
 */
export const GET = apiRoute(async ({ request, user }) => {
  const { q, wikiId, kind, limit } = readQuery(request, searchParamsSchema);
  // A wiki the caller cannot read answers 404, as every other wiki-scoped endpoint does.
  if (wikiId) requireWikiAccess(user.id, wikiId, "wiki.read");
  return { results: presentSearchResults(search(user.id, q, { wikiId, kind, limit })) };
});
