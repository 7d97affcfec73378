import { apiRoute, readJson } from "@/lib/api/handler";
import { mergeSources } from "@/lib/sources/commands";
import { presentSource } from "@/lib/sources/present";
import { mergeSourceSchema } from "@/lib/validations/schemas";
import { requireSourceAccess } from "@/lib/wikis/access";

type Params = { sourceId: string };

/** POST /api/v1/sources/{sourceId}/merge {into} (editors): this source becomes a duplicate of `into`. */
export const POST = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const { into } = await readJson(request, mergeSourceSchema);
  const { wiki } = requireSourceAccess(user.id, params.sourceId, "source.edit");
  return { source: presentSource(mergeSources(params.sourceId, into, actor), wiki) };
});
