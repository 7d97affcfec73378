import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { mergeSources } from "@/lib/commands/sources";
import { presentSource, sourceView } from "@/lib/sources/present";
import { mergeSourceSchema } from "@/lib/validations/schemas";
import { requireSourceAccess } from "@/lib/wikis/access";

/** POST /api/v1/sources/{sourceId}/merge {into} (editors): this source becomes a duplicate of `into`. */
export const POST = endpoint(
  {
    method: "POST",
    path: "/sources/{sourceId}/merge",
    operationId: "mergeSource",
    summary: "Merge this source into another of the same wiki (editors, owners); citations of either read as the survivor",
    action: "source.edit",
    body: mergeSourceSchema,
    response: { status: 200, description: "The surviving source", schema: z.object({ source: sourceView }) },
    errors: [400, 403, 404, 415],
  },
  async ({ user, actor, params, body: { into } }) => {
    const { wiki } = await requireSourceAccess(user.id, params.sourceId, "source.edit");
    return { source: presentSource(await mergeSources(params.sourceId, into, actor), wiki) };
  },
);
