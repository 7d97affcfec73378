import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { citationStyle } from "@/lib/citations/styles";
import { changeCitationStyle } from "@/lib/commands/wikis";
import { updateCitationStyleSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

/**
 * PUT /api/v1/wikis/{wikiId}/citation-style (owners): {style}. Its own sub-resource, like the
 * thesis, so each wiki setting is validated and audited on its own. Read it from GET /wikis.
 */
export const PUT = endpoint(
  {
    method: "PUT",
    path: "/wikis/{wikiId}/citation-style",
    operationId: "updateCitationStyle",
    summary: "Choose the style every footnote of the wiki is worded in: OSCOLA or Bluebook (owners)",
    description: "An unknown style answers 400 with the list of valid ones. Page footnotes, source citations and exports follow at once.",
    action: "wiki.change-settings",
    access: (userId, { wikiId }, action) => requireWikiAccess(userId, wikiId, action),
    body: updateCitationStyleSchema,
    response: {
      status: 200,
      description: "The style now in use",
      schema: z.object({ wikiId: z.string(), style: z.string(), label: z.string().describe("Its name as people know it") }),
    },
    errors: [400, 403, 404, 415],
  },
  async ({ actor, access: { wiki }, body }) => {
    const style = await changeCitationStyle(wiki.id, body.style, actor);
    return { wikiId: wiki.id, style, label: citationStyle(style).label };
  },
);
