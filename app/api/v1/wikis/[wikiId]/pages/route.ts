import { NextResponse } from "next/server";
import { findPageById, listPages } from "@/db/queries/pages";
import { apiRoute, readJson } from "@/lib/api/handler";
import { presentPage, presentPageSummary, requestOrigin } from "@/lib/api/presenters";
import { createPage } from "@/lib/commands/pages";
import { readStrand } from "@/lib/commands/strands";
import { config } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readPageContent } from "@/lib/pages/content";
import { buildPageTree, flattenTree } from "@/lib/pages/tree";
import { createPageSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

type Params = { wikiId: string };

/** GET /api/v1/wikis/{wikiId}/pages: the live pages, depth-first in tree order. */
export const GET = apiRoute<Params>(async ({ request, user, params }) => {
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "wiki.read");
  const origin = requestOrigin(request);
  return flattenTree(buildPageTree(listPages(wiki.id))).map((page) => presentPageSummary(page, wiki, origin));
});

/** POST /api/v1/wikis/{wikiId}/pages (editors): creates a page, optionally from Markdown. */
export const POST = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const input = await readJson(request, createPageSchema);
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "page.create");
  if (input.markdown && Buffer.byteLength(input.markdown) > config.maxMarkdownBytes) {
    throw new AppError("payload_too_large", `Markdown is at most ${config.maxMarkdownBytes} bytes`);
  }
  const created = createPage({ wikiId: wiki.id, title: input.title, parentId: input.parentId, markdown: input.markdown }, actor);
  const page = findPageById(created.id) ?? created;
  return NextResponse.json(presentPage(page, wiki, readPageContent(page.id), requestOrigin(request), readStrand(page.id)), { status: 201 });
});
