import { NextResponse } from "next/server";
import { findRevision, listRevisions } from "@/db/queries/revisions";
import { AppError } from "@/lib/errors";
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

/** POST /api/v1/pages/{pageId}/versions {name, note?} (editors): records the current content as a named version. */
export const POST = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const input = await readJson(request, saveVersionSchema);
  const { page } = requirePageAccess(user.id, params.pageId, input.restoredFrom ? "page.restore-version" : "page.save-version");
  if (input.restoredFrom && !findRevision(page.id, input.restoredFrom)) throw new AppError("not_found", `Version ${input.restoredFrom} does not exist`);
  const revision = createRevision(page.id, {
    kind: input.restoredFrom ? "restore" : "named",
    name: input.restoredFrom ? `Restored version ${input.restoredFrom}` : input.name,
    note: input.note || null,
    createdBy: user.id,
    restoredFrom: input.restoredFrom,
    ip: actor.ip,
  })!;
  return NextResponse.json(presentVersion(summariseRevisions([revision])[0]), { status: 201 });
});
