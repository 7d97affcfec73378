import { endpoint } from "@/lib/api/endpoint";
import { presentStrand, strandView } from "@/lib/api/strand-presenters";
import { readStrand, updateStrand } from "@/lib/commands/strands";
import { updateStrandSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}/strand: the page's claim, stance and status (defaults when never set). */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/strand",
    operationId: "getStrand",
    summary: "The page's argument-strand fields: claim, stance toward the wiki's thesis, status",
    description: "A page whose fields were never set answers an empty claim, no stance and status draft.",
    action: "page.read",
    response: { status: 200, description: "The strand fields", schema: strandView },
    errors: [404],
  },
  async ({ user, params }) => {
    const { page } = await requirePageAccess(user.id, params.pageId, "page.read");
    return presentStrand(page.id, await readStrand(page.id));
  },
);

/** PATCH /api/v1/pages/{pageId}/strand (editors): changes the fields given, leaves the others. */
export const PATCH = endpoint(
  {
    method: "PATCH",
    path: "/pages/{pageId}/strand",
    operationId: "updateStrand",
    summary: "Change some of the page's strand fields (editors)",
    description: "Fields not sent keep their value; `stance: null` unsets the stance. Recorded in the audit log.",
    action: "strand.edit",
    access: (userId, { pageId }, action) => requirePageAccess(userId, pageId, action),
    body: updateStrandSchema,
    response: { status: 200, description: "The strand fields after the change", schema: strandView },
    errors: [400, 403, 404, 415],
  },
  async ({ actor, access: { page }, body }) => presentStrand(page.id, await updateStrand(page.id, body, actor)),
);
