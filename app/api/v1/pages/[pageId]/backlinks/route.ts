import { listBacklinks } from "@/db/queries/links";
import { apiRoute } from "@/lib/api/handler";
import { pageUrl, requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/** GET /api/v1/pages/{pageId}/backlinks: pages of the same wiki that link here, with the sentence around each link. */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { page, wiki } = requirePageAccess(user.id, params.pageId, "page.read");
  return {
    backlinks: listBacklinks(page).map((link) => ({
      pageId: link.pageId,
      title: link.pageTitle,
      url: pageUrl(wiki.slug, link.pageSlug) + (link.blockId ? `#block-${link.blockId}` : ""),
      blockId: link.blockId,
      context: link.context,
    })),
  };
});
