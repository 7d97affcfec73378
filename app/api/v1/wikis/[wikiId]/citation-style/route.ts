import { apiRoute, readJson } from "@/lib/api/handler";
import { citationStyle } from "@/lib/citations/styles";
import { changeCitationStyle } from "@/lib/commands/wikis";
import { updateCitationStyleSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

type Params = { wikiId: string };

/**
 * PUT /api/v1/wikis/{wikiId}/citation-style (owners): {style}. Its own sub-resource, like the
 * thesis, so each wiki setting is validated and audited on its own. Read it from GET /wikis.
 */
export const PUT = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "wiki.change-settings");
  const input = await readJson(request, updateCitationStyleSchema);
  const style = changeCitationStyle(wiki.id, input.style, actor);
  return { wikiId: wiki.id, style, label: citationStyle(style).label };
});
