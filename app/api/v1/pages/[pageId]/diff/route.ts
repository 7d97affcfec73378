import { apiRoute } from "@/lib/api/handler";
import { presentDiff } from "@/lib/api/history-presenters";
import { comparePageVersions, parseVersionRef } from "@/lib/history/compare";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/** GET /api/v1/pages/{pageId}/diff?from=N&to=M|current: the block- and word-level changes between two versions. */
export const GET = apiRoute<Params>(async ({ request, user, params }) => {
  const { page } = requirePageAccess(user.id, params.pageId, "page.read-history");
  const query = new URL(request.url).searchParams;
  const from = parseVersionRef(query.get("from"));
  const to = parseVersionRef(query.get("to"), "current");
  return presentDiff(from, to, comparePageVersions(page.id, from, to));
});
