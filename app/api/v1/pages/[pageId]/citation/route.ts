import { apiRoute, readJson } from "@/lib/api/handler";
import { citePage } from "@/lib/history/cite";
import { citePageSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/**
 * POST /api/v1/pages/{pageId}/citation {blockId?}: a permalink to a fixed version and a ready
 * citation string. POST because, for editors, it may first record the current text as a version.
 */
export const POST = apiRoute<Params>(async ({ request, user, params }) => {
  const input = await readJson(request, citePageSchema);
  const access = requirePageAccess(user.id, params.pageId, "page.read-history");
  const cited = citePage({ ...access, userId: user.id, blockId: input.blockId ?? null });
  return { ...cited, createdAt: cited.createdAt.toISOString() };
});
