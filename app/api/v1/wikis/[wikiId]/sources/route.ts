import { z } from "zod";
import { listSources } from "@/db/queries/sources";
import { endpoint } from "@/lib/api/endpoint";
import { createSource } from "@/lib/commands/sources";
import { sourceInputSchema } from "@/lib/sources/kinds";
import { presentSource, savedSourceView, sourceView } from "@/lib/sources/present";
import { listSourcesParamsSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

/** GET /api/v1/wikis/{wikiId}/sources[?q=&kind=]: the registry (sources merged away are left out). */
export const GET = endpoint(
  {
    method: "GET",
    path: "/wikis/{wikiId}/sources",
    operationId: "listSources",
    summary: "The wiki's sources registry (any member); `q` filters by text, `kind` by kind; merged duplicates are left out",
    action: "source.read",
    query: listSourcesParamsSchema,
    response: { status: 200, description: "The sources", schema: z.object({ sources: z.array(sourceView) }) },
    errors: [400, 404],
  },
  async ({ user, params, query: { q, kind } }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "source.read");
    return { sources: (await listSources(wiki.id, { q, kind })).map((source) => presentSource(source, wiki)) };
  },
);

/** POST /api/v1/wikis/{wikiId}/sources (editors): adds a source; likely duplicates come back in `duplicates`. */
export const POST = endpoint(
  {
    method: "POST",
    path: "/wikis/{wikiId}/sources",
    operationId: "createSource",
    summary:
      "Add a source (editors, owners). Fields depend on the kind; likely duplicates (same UN symbol, same court and case…) are returned in `duplicates`, not refused",
    action: "source.edit",
    body: sourceInputSchema,
    response: { status: 201, description: "The new source and any likely duplicates", schema: savedSourceView },
    errors: [400, 403, 404, 415],
  },
  async ({ user, actor, params, body }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "source.edit");
    const { source, duplicates } = await createSource(wiki.id, body, actor);
    return { source: presentSource(source, wiki), duplicates: duplicates.map((d) => presentSource(d, wiki)) };
  },
);
