import { listStrandEdges, listStrandNodes } from "@/db/queries/strands";
import { endpoint } from "@/lib/api/endpoint";
import { argumentMapView, presentArgumentMap } from "@/lib/api/strand-presenters";
import { requireWikiAccess } from "@/lib/wikis/access";

/** GET /api/v1/wikis/{wikiId}/map: every live strand with its fields, and the relations between them. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/wikis/{wikiId}/map",
    operationId: "getArgumentMap",
    summary: "The argument map: every live strand (nodes) and the relations between them (directed edges)",
    action: "wiki.read",
    response: { status: 200, description: "Nodes and edges", schema: argumentMapView },
    errors: [404],
  },
  async ({ user, params }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "wiki.read");
    return presentArgumentMap(wiki, await listStrandNodes(wiki.id), await listStrandEdges(wiki.id));
  },
);
