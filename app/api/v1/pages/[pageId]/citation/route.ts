import { endpoint } from "@/lib/api/endpoint";
import { citationView } from "@/lib/api/link-presenters";
import { citePage } from "@/lib/history/cite";
import { citePageSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/**
 * POST /api/v1/pages/{pageId}/citation {blockId?}: a permalink to a fixed version and a ready
 * citation string. POST because, for editors, it may first record the current text as a version.
 */
export const POST = endpoint(
  {
    method: "POST",
    path: "/pages/{pageId}/citation",
    operationId: "citePage",
    summary:
      "A permalink to a fixed version of the page (optionally one paragraph) and a ready citation string in the wiki's citation style",
    description:
      "For callers who may save versions, a page changed since its latest version is first recorded as a new automatic version, so the citation always points at the text as it is now.",
    action: "page.read-history",
    body: citePageSchema,
    response: { status: 200, description: "The citation", schema: citationView },
    errors: [400, 403, 404, 415],
  },
  async ({ user, params, body }) => {
    const access = await requirePageAccess(user.id, params.pageId, "page.read-history");
    const cited = await citePage({ ...access, userId: user.id, blockId: body.blockId ?? null });
    return { ...cited, createdAt: cited.createdAt.toISOString() };
  },
);
