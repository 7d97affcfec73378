import { z } from "zod";
import { markNotificationsRead } from "@/db/queries/comments";
import { listWikisForUser } from "@/db/queries/wikis";
import { inboxItemView } from "@/lib/api/comment-presenters";
import { endpoint } from "@/lib/api/endpoint";
import { isCommentItem, listInboxItems } from "@/lib/inbox/items";

/**
 * GET /api/v1/me/inbox: mentions of the caller, replies to their threads, suggestions on their
 * pages and decisions on their suggestions, newest first.
 */
export const GET = endpoint(
  {
    method: "GET",
    path: "/me/inbox",
    operationId: "getInbox",
    summary: "The caller's inbox: mentions, replies, suggestions on their pages, decisions on their suggestions",
    action: "account",
    response: { status: 200, description: "The inbox", schema: z.object({ items: z.array(inboxItemView) }) },
    errors: [],
  },
  async ({ user }) => {
    // Only items from wikis the caller still belongs to.
    const wikiIds = new Set((await listWikisForUser(user.id)).map((w) => w.id));
    const items = await listInboxItems(user.id, (wikiId) => wikiIds.has(wikiId));
    return {
      items: items.map((n) => ({
        id: n.id,
        kind: n.kind,
        createdAt: n.createdAt.toISOString(),
        read: !!n.readAt,
        page: { id: n.pageId, title: n.pageTitle },
        author: n.authorName,
        ...(isCommentItem(n)
          ? { threadId: n.threadId, commentId: n.commentId, body: n.deleted ? null : n.body, suggestion: null }
          : { threadId: null, commentId: null, body: null, suggestion: { id: n.suggestionId, ...n.suggestion } }),
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
    await markNotificationsRead(user.id);
    return { ok: true };
  },
);
