import { apiRoute, readJson } from "@/lib/api/handler";
import { updateThesis } from "@/lib/commands/strands";
import { updateThesisSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

type Params = { wikiId: string };

/**
 * PUT /api/v1/wikis/{wikiId}/thesis (owners): {thesis}. A sub-resource of its own so that wiki
 * settings added by other features do not share one PATCH body. Read it from the map.
 */
export const PUT = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "wiki.edit-thesis");
  const input = await readJson(request, updateThesisSchema);
  return { wikiId: wiki.id, thesis: updateThesis(wiki.id, input.thesis, actor) };
});
