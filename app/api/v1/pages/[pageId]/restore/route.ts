import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { presentVersion } from "@/lib/api/history-presenters";
import { summariseRevisions } from "@/lib/history/present";
import { restoreRevision } from "@/lib/history/restore";
import { restoreVersionSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/**
 * POST /api/v1/pages/{pageId}/restore {version} (editors): the page becomes that version's content
 * through a live collaborative change; the answer is the new "Restored version N" version.
 */
export const POST = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const input = await readJson(request, restoreVersionSchema);
  const { page } = requirePageAccess(user.id, params.pageId, "page.restore-version");
  const revision = await restoreRevision(page.id, input.version, user.id, { ip: actor.ip });
  return NextResponse.json(presentVersion(summariseRevisions([revision])[0]), { status: 201 });
});
