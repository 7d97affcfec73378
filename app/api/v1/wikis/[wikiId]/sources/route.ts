import { NextResponse } from "next/server";
import { listSources } from "@/db/queries/sources";
import { apiRoute, readJson, readQuery } from "@/lib/api/handler";
import { createSource } from "@/lib/sources/commands";
import { sourceInputSchema } from "@/lib/sources/kinds";
import { presentSource } from "@/lib/sources/present";
import { listSourcesParamsSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

type Params = { wikiId: string };

/** GET /api/v1/wikis/{wikiId}/sources[?q=&kind=]: the registry (sources merged away are left out). */
export const GET = apiRoute<Params>(async ({ request, user, params }) => {
  const { q, kind } = readQuery(request, listSourcesParamsSchema);
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "source.read");
  return { sources: listSources(wiki.id, { q, kind }).map((source) => presentSource(source, wiki)) };
});

/** POST /api/v1/wikis/{wikiId}/sources (editors): adds a source; likely duplicates come back in `duplicates`. */
export const POST = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const input = await readJson(request, sourceInputSchema);
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "source.edit");
  const { source, duplicates } = createSource(wiki.id, input, actor);
  return NextResponse.json({ source: presentSource(source, wiki), duplicates: duplicates.map((d) => presentSource(d, wiki)) }, { status: 201 });
});
