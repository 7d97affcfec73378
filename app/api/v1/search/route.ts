import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { presentSearchResults } from "@/lib/search/present";
import { search } from "@/lib/search/search";
import { requireWikiAccess } from "@/lib/wikis/access";

/**
 * GET /api/v1/search?q=&wiki=&type=page|comment: pages and comments the caller may read, title
 * hits first, then by relevance; snippets are HTML with matches in <mark>.
 */
export const GET = apiRoute(async ({ request, user }) => {
  const query = new URL(request.url).searchParams;
  const q = (query.get("q") ?? "").trim();
  if (q.length > 500) throw new AppError("bad_request", "The query is at most 500 characters");
  const type = query.get("type") || undefined;
  if (type !== undefined && type !== "page" && type !== "comment") throw new AppError("bad_request", 'type is "page" or "comment"');
  const wikiId = query.get("wiki") || undefined;
  if (wikiId) requireWikiAccess(user.id, wikiId, "wiki.read");
  return { results: presentSearchResults(search(user.id, q, { wikiId, kind: type, limit: 50 })) };
});
