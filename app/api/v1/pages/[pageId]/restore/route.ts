import { endpoint } from "@/lib/api/endpoint";
import { presentVersion, versionView } from "@/lib/api/history-presenters";
import { summariseRevisions } from "@/lib/history/present";
import { restoreVersion } from "@/lib/commands/revisions";
import { restoreVersionSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/**
 * POST /api/v1/pages/{pageId}/restore {version} (editors): the page becomes that version's content
 * through a live collaborative change; the answer is the new "Restored version N" version.
 */
export const POST = endpoint(
  {
    method: "POST",
    path: "/pages/{pageId}/restore",
    operationId: "restoreVersion",
    summary: "Make a version the current content, live for everyone editing (editors and owners)",
    description: 'The restore is a normal collaborative change and is itself recorded as a version named "Restored version N".',
    action: "page.restore-version",
    body: restoreVersionSchema,
    response: { status: 201, description: "The version recording the restore", schema: versionView },
    errors: [400, 403, 404, 413, 415],
  },
  async ({ user, actor, params, body }) => {
    const { page } = await requirePageAccess(user.id, params.pageId, "page.restore-version");
    const revision = await restoreVersion({ pageId: page.id, version: body.version }, actor);
    return presentVersion((await summariseRevisions([revision]))[0]);
  },
);
