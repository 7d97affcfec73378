import { z } from "zod";
import { listNotifications, markNotificationsRead } from "@/db/queries/comments";
import { listWikisForUser } from "@/db/queries/wikis";
import { inboxItemView } from "@/lib/api/comment-presenters";
import { endpoint } from "@/lib/api/endpoint";

/** GET /api/v1/me/inbox: mentions of the caller and replies to their threads, newest first. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/me/inbox",
    operationId: "getInbox",
    summary: "Mentions of the caller and replies to the caller's threads",
    action: "account",
    response: { status: 200, description: "The inbox", schema: z.object({ items: z.array(inboxItemView) }) },
    errors: [],
  },
  async ({ user }) => {
    // Only items from wikis the caller still belongs to.
    const wikiIds = new Set(listWikisForUser(user.id).map((w) => w.id));
    const items = listNotifications(user.id).filter((n) => wikiIds.has(n.wikiId));
    return {
      items: items.map((n) => ({
        id: n.id,
        kind: n.kind,
        createdAt: n.createdAt.toISOString(),
        read: !!n.readAt,
        threadId: n.threadId,
        commentId: n.commentId,
        page: { id: n.pageId, title: n.pageTitle },
        author: n.authorName,
        body: n.deleted ? null : n.body,
      })),
    };
  },
);

/** POST /api/v1/me/inbox: marks everything in the inbox read. */
export const POST = endpoint(
  {
    method: "POST",
    path: "/me/inbox",
    operationId: "markInboxRead",
    summary: "Mark everything in the inbox read",
    action: "account",
    response: { status: 200, description: "Done", schema: z.object({ ok: z.boolean() }) },
    errors: [],
  },
  async ({ user }) => {
    markNotificationsRead(user.id);
    return { ok: true };
  },
);
