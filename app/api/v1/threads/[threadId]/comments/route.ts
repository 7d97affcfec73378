import { findThreadWithComments } from "@/db/queries/comments";
import { threadView } from "@/lib/api/comment-presenters";
import { endpoint } from "@/lib/api/endpoint";
import { replyToThread } from "@/lib/commands/comments";
import { presentThreads } from "@/lib/comments/present";
import { commentBodySchema } from "@/lib/validations/schemas";
import { requireThreadAccess } from "@/lib/wikis/access";

/** POST /api/v1/threads/{threadId}/comments {body} (commenters and up): a reply; answers with the thread. */
export const POST = endpoint(
  {
    method: "POST",
    path: "/threads/{threadId}/comments",
    operationId: "replyToThread",
    summary: "Reply in a thread (commenters, editors, owners)",
    action: "page.comment",
    body: commentBodySchema,
    response: { status: 201, description: "The thread with the reply", schema: threadView },
    errors: [400, 403, 404, 413, 415],
  },
  async ({ user, params, body: { body } }) => {
    const { page } = await requireThreadAccess(user.id, params.threadId, "page.comment");
    await replyToThread(page, params.threadId, user.id, body);
    return (await presentThreads([(await findThreadWithComments(params.threadId))!]))[0];
  },
);
