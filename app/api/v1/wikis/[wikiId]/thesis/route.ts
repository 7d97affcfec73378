import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { updateThesis } from "@/lib/commands/strands";
import { updateThesisSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

/**
 * PUT /api/v1/wikis/{wikiId}/thesis (owners): {thesis}. A sub-resource of its own so that wiki
 * settings added by other features do not share one PATCH body. Read it from the map.
 */
export const PUT = endpoint(
  {
    method: "PUT",
    path: "/wikis/{wikiId}/thesis",
    operationId: "updateThesis",
    summary: "Set the wiki's thesis, against which every strand states its stance (owners)",
    action: "wiki.edit-thesis",
    access: (userId, { wikiId }, action) => requireWikiAccess(userId, wikiId, action),
    body: updateThesisSchema,
    response: { status: 200, description: "The thesis", schema: z.object({ wikiId: z.string(), thesis: z.string() }) },
    errors: [400, 403, 404, 415],
  },
  async ({ actor, access: { wiki }, body }) => ({ wikiId: wiki.id, thesis: await updateThesis(wiki.id, body.thesis, actor) }),
);
