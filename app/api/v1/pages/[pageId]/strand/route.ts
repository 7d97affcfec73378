import { apiRoute, readJson } from "@/lib/api/handler";
import { presentStrand } from "@/lib/api/strand-presenters";
import { readStrand, updateStrand } from "@/lib/commands/strands";
import { updateStrandSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/** GET /api/v1/pages/{pageId}/strand: the page's claim, stance and status (defaults when never set). */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { page } = requirePageAccess(user.id, params.pageId, "page.read");
  return presentStrand(page.id, readStrand(page.id));
});

/** PATCH /api/v1/pages/{pageId}/strand (editors): changes the fields given, leaves the others. */
export const PATCH = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const { page } = requirePageAccess(user.id, params.pageId, "strand.edit");
  const input = await readJson(request, updateStrandSchema);
  return presentStrand(page.id, updateStrand(page.id, input, actor));
});
