import { listNotifications, markNotificationsRead } from "@/db/queries/comments";
import { listWikisForUser } from "@/db/queries/wikis";
import { apiRoute } from "@/lib/api/handler";

/** GET /api/v1/me/inbox: mentions of the caller and replies to their threads, newest first. */
export const GET = apiRoute(async ({ user }) => {
  // Only items from wikis the caller still belongs to.
  const wikiIds = new Set(listWikisForUser(user.id).map((w) => w.id));
  const items = listNotifications(user.id).filter((n) => wikiIds.has(n.wikiId));
  return {
    items: items.map((n) => ({ id: n.id, kind: n.kind, createdAt: n.createdAt.toISOString(), read: !!n.readAt, threadId: n.threadId, commentId: n.commentId, page: { id: n.pageId, title: n.pageTitle }, author: n.authorName, body: n.deleted ? null : n.body })),
  };
});

/** POST /api/v1/me/inbox: marks everything in the inbox read. */
export const POST = apiRoute(async ({ user }) => {
  markNotificationsRead(user.id);
  return { ok: true };
});
