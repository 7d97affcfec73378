import { NextResponse } from "next/server";
import { listWikisForUser } from "@/db/queries/wikis";
import { apiRoute, readJson } from "@/lib/api/handler";
import { presentWiki, requestOrigin } from "@/lib/api/presenters";
import { createWiki } from "@/lib/commands/wikis";
import { createWikiSchema } from "@/lib/validations/schemas";

/** GET /api/v1/wikis: the wikis the caller belongs to, with the caller's role in each. */
export const GET = apiRoute(async ({ request, user }) => {
  const origin = requestOrigin(request);
  return listWikisForUser(user.id).map((wiki) => presentWiki(wiki, wiki.role, origin));
});

/** POST /api/v1/wikis: any signed-in user may start a wiki and becomes its owner. */
export const POST = apiRoute(async ({ request, actor }) => {
  const input = await readJson(request, createWikiSchema);
  const wiki = createWiki(input, actor);
  return NextResponse.json(presentWiki(wiki, "owner", requestOrigin(request)), { status: 201 });
});
