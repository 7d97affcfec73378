import { listStrandEdges, listStrandNodes } from "@/db/queries/strands";
import { apiRoute } from "@/lib/api/handler";
import { presentArgumentMap } from "@/lib/api/strand-presenters";
import { requireWikiAccess } from "@/lib/wikis/access";

type Params = { wikiId: string };

/** GET /api/v1/wikis/{wikiId}/map: every live strand with its fields, and the relations between them. */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "wiki.read");
  return presentArgumentMap(wiki, listStrandNodes(wiki.id), listStrandEdges(wiki.id));
});
