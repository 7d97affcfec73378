import { NextResponse } from "next/server";
import { listRevisions } from "@/db/queries/revisions";
import { apiRoute, readJson } from "@/lib/api/handler";
import { presentVersion } from "@/lib/api/history-presenters";
import { summariseRevisions } from "@/lib/history/present";
import { createRevision } from "@/lib/history/revisions";
import { saveVersionSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/** GET /api/v1/pages/{pageId}/versions[?named=1]: versions newest first. */
export const GET = apiRoute<Params>(async ({ request, user, params }) => {
  const { page } = requirePageAccess(user.id, params.pageId, "page.read-history");
  const namedOnly = new URL(request.url).searchParams.get("named") === "1";
  return { versions: summariseRevisions(listRevisions(page.id, { namedOnly })).map(presentVersion) };
});

/**
 * POST /api/v1/pages/{pageId}/versions {name, note?} (editors): records the current content as a
 * named version. A restore is recorded by POST /pages/{pageId}/restore only (see saveVersionSchema).
 */
export const POST = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const input = await readJson(request, saveVersionSchema);
  const { page } = requirePageAccess(user.id, params.pageId, "page.save-version");
  const revision = createRevision(page.id, { kind: "named", name: input.name, note: input.note || null, createdBy: user.id, ip: actor.ip })!;
  return NextResponse.json(presentVersion(summariseRevisions([revision])[0]), { status: 201 });
});
