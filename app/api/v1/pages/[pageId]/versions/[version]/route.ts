import { findRevision } from "@/db/queries/revisions";
import { endpoint } from "@/lib/api/endpoint";
import { presentVersion, versionContentView } from "@/lib/api/history-presenters";
import { AppError } from "@/lib/errors";
import { parseVersionRef } from "@/lib/history/compare";
import { summariseRevisions } from "@/lib/history/present";
import { revisionJSON } from "@/lib/history/revisions";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { textFromJSON } from "@/lib/editor/document";
import { requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}/versions/{n}: one version with its content (ProseMirror JSON and text). */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/versions/{version}",
    operationId: "getVersion",
    summary: "One version with its content as ProseMirror JSON and plain text",
    action: "page.read-history",
    response: { status: 200, description: "The version", schema: versionContentView },
    errors: [400, 404],
  },
  async ({ user, params }) => {
    const { page } = await requirePageAccess(user.id, params.pageId, "page.read-history");
    const number = parseVersionRef(params.version);
    const revision = number === "current" ? undefined : await findRevision(page.id, number);
    if (!revision) throw new AppError("not_found", `Version ${params.version} does not exist`);
    const json = contentWithoutSuggestions(await revisionJSON(page.id, revision.number));
    return { ...presentVersion((await summariseRevisions([revision]))[0]), json, text: textFromJSON(json) };
  },
);
