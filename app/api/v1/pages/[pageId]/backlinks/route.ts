import { listBacklinks } from "@/db/queries/links";
import { endpoint } from "@/lib/api/endpoint";
import { backlinksView } from "@/lib/api/link-presenters";
import { pageUrl, requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}/backlinks: pages of the same wiki that link here, with the sentence around each link. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/backlinks",
    operationId: "listBacklinks",
    summary: "Pages of the same wiki that link to this page, with the sentence around each link",
    description:
      "Derived from each linking page's stored content, so it follows edits within seconds (after the collab server compacts them). Links typed by title count once a page has that title.",
    action: "page.read",
    response: { status: 200, description: "What links here", schema: backlinksView },
    errors: [404],
  },
  async ({ user, params }) => {
    const { page, wiki } = await requirePageAccess(user.id, params.pageId, "page.read");
    return {
      backlinks: (await listBacklinks(page)).map((link) => ({
        pageId: link.pageId,
        title: link.pageTitle,
        url: pageUrl(wiki.slug, link.pageSlug) + (link.blockId ? `#block-${link.blockId}` : ""),
        blockId: link.blockId,
        context: link.context,
      })),
    };
  },
);
