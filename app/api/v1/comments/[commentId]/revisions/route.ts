import { listCommentRevisions } from "@/db/queries/comments";
import { apiRoute } from "@/lib/api/handler";
import { requireCommentAccess } from "@/lib/wikis/access";

type Params = { commentId: string };

/** GET /api/v1/comments/{commentId}/revisions: every wording of a comment, oldest first. */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { comment } = requireCommentAccess(user.id, params.commentId, "page.read");
  // A deleted comment's wordings are gone from view along with it.
  if (comment.deletedAt) return { revisions: [] };
  return { revisions: listCommentRevisions(comment.id).map((r) => ({ number: r.number, body: r.body, createdAt: r.createdAt.toISOString() })) };
});
