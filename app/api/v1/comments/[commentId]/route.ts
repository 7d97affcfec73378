import { findThreadWithComments } from "@/db/queries/comments";
import { apiRoute, readJson } from "@/lib/api/handler";
import { deleteComment, editComment } from "@/lib/comments/commands";
import { presentThreads } from "@/lib/comments/present";
import { commentBodySchema } from "@/lib/validations/schemas";
import { requireCommentAccess } from "@/lib/wikis/access";

type Params = { commentId: string };

/** PATCH /api/v1/comments/{commentId} {body}: the author edits; earlier wordings stay in its history. */
export const PATCH = apiRoute<Params>(async ({ request, user, params }) => {
  const { body } = await readJson(request, commentBodySchema);
  const { comment } = requireCommentAccess(user.id, params.commentId, "page.comment");
  editComment(comment.id, user.id, body);
  return presentThreads([findThreadWithComments(comment.threadId)!])[0];
});

/** DELETE /api/v1/comments/{commentId}: the author, or a wiki owner; a tombstone stays in the thread. */
export const DELETE = apiRoute<Params>(async ({ user, params }) => {
  const { comment, role } = requireCommentAccess(user.id, params.commentId, "page.comment");
  deleteComment(comment.id, user.id, role);
  return new Response(null, { status: 204 });
});
