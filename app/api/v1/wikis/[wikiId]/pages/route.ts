import { z } from "zod";
import { findPageById, listPages } from "@/db/queries/pages";
import { endpoint } from "@/lib/api/endpoint";
import { pageSummaryView, pageView, presentPage, presentPageSummary, requestOrigin } from "@/lib/api/presenters";
import { createPage } from "@/lib/commands/pages";
import { readStrand } from "@/lib/commands/strands";
import { config } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readPageContent } from "@/lib/pages/content";
import { buildPageTree, flattenTree } from "@/lib/pages/tree";
import { createPageSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

/** GET /api/v1/wikis/{wikiId}/pages: the live pages, depth-first in tree order. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/wikis/{wikiId}/pages",
    operationId: "listPages",
    summary: "Live (not trashed) pages of a wiki, depth-first in tree order",
    action: "wiki.read",
    response: { status: 200, description: "The pages", schema: z.array(pageSummaryView) },
    errors: [404],
  },
  async ({ request, user, params }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "wiki.read");
    const origin = requestOrigin(request);
    return flattenTree(buildPageTree(await listPages(wiki.id))).map((page) => presentPageSummary(page, wiki, origin));
  },
);

/** POST /api/v1/wikis/{wikiId}/pages (editors): creates a page, optionally from Markdown. */
export const POST = endpoint(
  {
    method: "POST",
    path: "/wikis/{wikiId}/pages",
    operationId: "createPage",
    summary: "Create a page, optionally from Markdown (editors and owners)",
    description:
      "Markdown is converted as an imported .md file is: each `[^1]` footnote with a `[^1]: text` definition becomes a new source of kind `other` and its reference a citation of it; a leading `# H1` equal to the title is left out of the body.",
    action: "page.create",
    body: createPageSchema,
    response: { status: 201, description: "The new page", schema: pageView },
    errors: [400, 403, 404, 413, 415],
  },
  async ({ request, user, actor, params, body }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "page.create");
    if (body.markdown && Buffer.byteLength(body.markdown) > config.maxMarkdownBytes) {
      throw new AppError("payload_too_large", `Markdown is at most ${config.maxMarkdownBytes} bytes`);
    }
    const created = await createPage({ wikiId: wiki.id, title: body.title, parentId: body.parentId, markdown: body.markdown }, actor);
    const page = (await findPageById(created.id)) ?? created;
    return presentPage(page, wiki, await readPageContent(page.id), requestOrigin(request), await readStrand(page.id));
  },
);
