import { apiRoute, readJson } from "@/lib/api/handler";
import { presentPage, requestOrigin } from "@/lib/api/presenters";
import { trashPage, updatePage } from "@/lib/commands/pages";
import { readStrand } from "@/lib/commands/strands";
import { readPageContent } from "@/lib/pages/content";
import { authorize } from "@/lib/policies";
import { updatePageSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/** GET /api/v1/pages/{pageId}: the page with its body as ProseMirror JSON and plain text. */
export const GET = apiRoute<Params>(async ({ request, user, params }) => {
  const { page, wiki } = requirePageAccess(user.id, params.pageId, "page.read");
  return presentPage(page, wiki, readPageContent(page.id), requestOrigin(request), readStrand(page.id));
});

/**
 * PATCH /api/v1/pages/{pageId} (editors): `title` renames (the old address keeps redirecting),
 * `parentId`/`position` move. Both happen in one transaction, so a refused move leaves the title
 * untouched too.
 */
export const PATCH = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const input = await readJson(request, updatePageSchema);
  const { page, wiki, role } = requirePageAccess(user.id, params.pageId, "page.read");
  const moving = input.parentId !== undefined || input.position !== undefined;
  if (input.title !== undefined) authorize(role, "page.rename");
  if (moving) authorize(role, "page.move");
  const updated = updatePage(page.id, input, actor);
  return presentPage(updated, wiki, readPageContent(page.id), requestOrigin(request), readStrand(page.id));
});

/** DELETE /api/v1/pages/{pageId} (editors): moves the page and its sub-pages to the trash. */
export const DELETE = apiRoute<Params>(async ({ user, actor, params }) => {
  const { page } = requirePageAccess(user.id, params.pageId, "page.delete");
  trashPage(page.id, actor);
  return new Response(null, { status: 204 });
});
