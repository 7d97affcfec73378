import { z } from "zod";
import { listWikisForUser } from "@/db/queries/wikis";
import { endpoint } from "@/lib/api/endpoint";
import { presentWiki, requestOrigin, wikiView } from "@/lib/api/presenters";
import { createWiki } from "@/lib/commands/wikis";
import { createWikiSchema } from "@/lib/validations/schemas";

/** GET /api/v1/wikis: the wikis the caller belongs to, with the caller's role in each. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/wikis",
    operationId: "listWikis",
    summary: "Wikis the caller belongs to, with the caller's role in each",
    action: "account",
    response: { status: 200, description: "The caller's wikis", schema: z.array(wikiView) },
    errors: [],
  },
  async ({ request, user }) => {
    const origin = requestOrigin(request);
    return (await listWikisForUser(user.id)).map((wiki) => presentWiki(wiki, wiki.role, origin));
  },
);

/** POST /api/v1/wikis: any signed-in user may start a wiki and becomes its owner. */
export const POST = endpoint(
  {
    method: "POST",
    path: "/wikis",
    operationId: "createWiki",
    summary: "Create a wiki; the caller becomes its owner",
    action: "account",
    body: createWikiSchema,
    response: { status: 201, description: "The new wiki", schema: wikiView },
    errors: [400, 403, 413, 415],
  },
  async ({ request, actor, body }) => presentWiki(await createWiki(body, actor), "owner", requestOrigin(request)),
);
