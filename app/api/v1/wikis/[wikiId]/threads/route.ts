import { listOpenThreadsForWiki } from "@/db/queries/comments";
import { apiRoute } from "@/lib/api/handler";
import { presentThreads } from "@/lib/comments/present";
import { requireWikiAccess } from "@/lib/wikis/access";

type Params = { wikiId: string };

/** GET /api/v1/wikis/{wikiId}/threads: unresolved threads across the wiki's pages, newest first. */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "wiki.read");
  const rows = listOpenThreadsForWiki(wiki.id);
  const views = presentThreads(rows);
  return { threads: views.map((v, i) => ({ ...v, page: { id: rows[i].pageId, title: rows[i].pageTitle, slug: rows[i].pageSlug } })) };
});
