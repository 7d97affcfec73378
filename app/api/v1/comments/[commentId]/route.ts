import { findThreadWithComments } from "@/db/queries/comments";
import { threadView } from "@/lib/api/comment-presenters";
import { endpoint } from "@/lib/api/endpoint";
import { deleteComment, editComment } from "@/lib/commands/comments";
import { presentThreads } from "@/lib/comments/present";
import { commentBodySchema } from "@/lib/validations/schemas";
import { requireCommentAccess } from "@/lib/wikis/access";

/** PATCH /api/v1/comments/{commentId} {body}: the author edits; earlier wordings stay in its history. */
export const PATCH = endpoint(
  {
    method: "PATCH",
    path: "/comments/{commentId}",
    operationId: "editComment",
    summary: "Edit your own comment; earlier wordings stay readable",
    action: "page.comment",
    body: commentBodySchema,
    response: { status: 200, description: "The thread", schema: threadView },
    errors: [400, 403, 404, 409, 413, 415],
  },
  async ({ user, params, body: { body } }) => {
    const { comment } = await requireCommentAccess(user.id, params.commentId, "page.comment");
    await editComment(comment.id, user.id, body);
    return (await presentThreads([(await findThreadWithComments(comment.threadId))!]))[0];
  },
);

/** DELETE /api/v1/comments/{commentId}: the author, or a wiki owner; a tombstone stays in the thread. */
export const DELETE = endpoint(
  {
    method: "DELETE",
    path: "/comments/{commentId}",
    operationId: "deleteComment",
    summary: "Delete your own comment (owners: any); a tombstone stays in the thread",
    action: "page.comment",
    response: { status: 204, description: "Deleted" },
    errors: [403, 404],
  },
  async ({ user, params }) => {
    const { comment, role } = await requireCommentAccess(user.id, params.commentId, "page.comment");
    await deleteComment(comment.id, user.id, role);
  },
);
