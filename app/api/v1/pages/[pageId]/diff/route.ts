import { endpoint } from "@/lib/api/endpoint";
import { diffView, presentDiff } from "@/lib/api/history-presenters";
import { comparePageVersions, parseVersionRef } from "@/lib/history/compare";
import { versionRangeQuery } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}/diff?from=N&to=M|current: the block- and word-level changes between two versions. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/diff",
    operationId: "diffVersions",
    summary: "Block- and word-level changes between two versions",
    action: "page.read-history",
    access: (userId, { pageId }, action) => requirePageAccess(userId, pageId, action),
    query: versionRangeQuery,
    response: { status: 200, description: "The changes", schema: diffView },
    errors: [400, 404],
  },
  async ({ access: { page }, query }) => {
    const from = parseVersionRef(query.from);
    const to = parseVersionRef(query.to, "current");
    return presentDiff(from, to, await comparePageVersions(page.id, from, to));
  },
);
