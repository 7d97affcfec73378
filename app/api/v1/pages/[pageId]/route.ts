import { endpoint } from "@/lib/api/endpoint";
import { pageView, presentPage, requestOrigin } from "@/lib/api/presenters";
import { trashPage, updatePage } from "@/lib/commands/pages";
import { readStrand } from "@/lib/commands/strands";
import { readPageContent } from "@/lib/pages/content";
import { authorize } from "@/lib/policies";
import { updatePageSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}: the page with its body as ProseMirror JSON and plain text. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}",
    operationId: "getPage",
    summary: "A page with its body as ProseMirror JSON and plain text",
    action: "page.read",
    response: { status: 200, description: "The page", schema: pageView },
    errors: [404],
  },
  async ({ request, user, params }) => {
    const { page, wiki } = await requirePageAccess(user.id, params.pageId, "page.read");
    return presentPage(page, wiki, await readPageContent(page.id), requestOrigin(request), await readStrand(page.id));
  },
);

/**
 * PATCH /api/v1/pages/{pageId} (editors): `title` renames (the old address keeps redirecting),
 * `parentId`/`position` move. Both happen in one transaction, so a refused move leaves the title
 * untouched too. Renaming asks `page.rename` and moving `page.move` of the caller's role.
 */
export const PATCH = endpoint(
  {
    method: "PATCH",
    path: "/pages/{pageId}",
    operationId: "updatePage",
    summary: "Rename and/or move a page (editors and owners)",
    description:
      "`title` renames the page (its slug follows; the old address keeps redirecting). `parentId` (null for the top level) and `position` move it; a move under itself or one of its own sub-pages answers 400. Give at least one field.",
    action: "page.rename",
    body: updatePageSchema,
    response: { status: 200, description: "The updated page", schema: pageView },
    errors: [400, 403, 404, 413, 415],
  },
  async ({ request, user, actor, params, body }) => {
    const { page, wiki, role } = await requirePageAccess(user.id, params.pageId, "page.read");
    const moving = body.parentId !== undefined || body.position !== undefined;
    if (body.title !== undefined) authorize(role, "page.rename");
    if (moving) authorize(role, "page.move");
    const updated = await updatePage(page.id, body, actor);
    return presentPage(updated, wiki, await readPageContent(page.id), requestOrigin(request), await readStrand(page.id));
  },
);

/** DELETE /api/v1/pages/{pageId} (editors): moves the page and its sub-pages to the trash. */
export const DELETE = endpoint(
  {
    method: "DELETE",
    path: "/pages/{pageId}",
    operationId: "trashPage",
    summary: "Move a page and its sub-pages to the trash (editors and owners)",
    action: "page.delete",
    response: { status: 204, description: "Moved to the trash" },
    errors: [403, 404],
  },
  async ({ user, actor, params }) => {
    const { page } = await requirePageAccess(user.id, params.pageId, "page.delete");
    await trashPage(page.id, actor);
  },
);
