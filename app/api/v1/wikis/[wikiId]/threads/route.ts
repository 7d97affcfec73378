import { z } from "zod";
import { listOpenThreadsForWiki } from "@/db/queries/comments";
import { threadView } from "@/lib/api/comment-presenters";
import { endpoint } from "@/lib/api/endpoint";
import { presentThreads } from "@/lib/comments/present";
import { requireWikiAccess } from "@/lib/wikis/access";

/** GET /api/v1/wikis/{wikiId}/threads: unresolved threads across the wiki's pages, newest first. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/wikis/{wikiId}/threads",
    operationId: "listOpenThreads",
    summary: "Unresolved threads across a wiki's pages, newest first",
    action: "wiki.read",
    response: { status: 200, description: "The open threads", schema: z.object({ threads: z.array(threadView) }) },
    errors: [404],
  },
  async ({ user, params }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "wiki.read");
    const rows = await listOpenThreadsForWiki(wiki.id);
    const views = await presentThreads(rows);
    return { threads: views.map((v, i) => ({ ...v, page: { id: rows[i].pageId, title: rows[i].pageTitle, slug: rows[i].pageSlug } })) };
  },
);
