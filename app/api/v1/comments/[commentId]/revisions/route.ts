import { z } from "zod";
import { listCommentRevisions } from "@/db/queries/comments";
import { commentRevisionView } from "@/lib/api/comment-presenters";
import { endpoint } from "@/lib/api/endpoint";
import { requireCommentAccess } from "@/lib/wikis/access";

/** GET /api/v1/comments/{commentId}/revisions: every wording of a comment, oldest first. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/comments/{commentId}/revisions",
    operationId: "listCommentRevisions",
    summary: "Every wording of a comment, oldest first",
    action: "page.read",
    response: { status: 200, description: "The wordings", schema: z.object({ revisions: z.array(commentRevisionView) }) },
    errors: [404],
  },
  async ({ user, params }) => {
    const { comment } = await requireCommentAccess(user.id, params.commentId, "page.read");
    // A deleted comment's wordings are gone from view along with it.
    if (comment.deletedAt) return { revisions: [] };
    return {
      revisions: (await listCommentRevisions(comment.id)).map((r) => ({
        number: r.number,
        body: r.body,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  },
);
