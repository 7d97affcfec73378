import { z } from "zod";
import { listRevisions } from "@/db/queries/revisions";
import { endpoint } from "@/lib/api/endpoint";
import { presentVersion, versionView } from "@/lib/api/history-presenters";
import { summariseRevisions } from "@/lib/history/present";
import { saveVersion } from "@/lib/commands/revisions";
import { saveVersionSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}/versions[?named=1]: versions newest first. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/versions",
    operationId: "listVersions",
    summary: "Versions of a page, newest first (any member)",
    action: "page.read-history",
    access: (userId, { pageId }, action) => requirePageAccess(userId, pageId, action),
    query: z.object({ named: z.string().optional().describe("`1` to list only named versions") }),
    response: { status: 200, description: "The versions", schema: z.object({ versions: z.array(versionView) }) },
    errors: [400, 404],
  },
  async ({ access: { page }, query }) => ({
    versions: (await summariseRevisions(await listRevisions(page.id, { namedOnly: query.named === "1" }))).map(presentVersion),
  }),
);

/**
 * POST /api/v1/pages/{pageId}/versions {name, note?} (editors): records the current content as a
 * named version. A restore is recorded by POST /pages/{pageId}/restore only (see saveVersionSchema).
 */
export const POST = endpoint(
  {
    method: "POST",
    path: "/pages/{pageId}/versions",
    operationId: "saveVersion",
    summary: "Record the current content as a named version (editors and owners)",
    description:
      "Takes no `restoredFrom`: a restore is recorded only by `POST /pages/{pageId}/restore`, which makes the page that version's content.",
    action: "page.save-version",
    body: saveVersionSchema,
    response: { status: 201, description: "The new version", schema: versionView },
    errors: [400, 403, 404, 413, 415],
  },
  async ({ user, actor, params, body }) => {
    const { page } = await requirePageAccess(user.id, params.pageId, "page.save-version");
    const revision = await saveVersion({ pageId: page.id, name: body.name, note: body.note }, actor);
    return presentVersion((await summariseRevisions([revision]))[0]);
  },
);
