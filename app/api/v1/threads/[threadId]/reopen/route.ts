import { findThreadWithComments } from "@/db/queries/comments";
import { threadView } from "@/lib/api/comment-presenters";
import { endpoint } from "@/lib/api/endpoint";
import { setThreadResolved } from "@/lib/commands/comments";
import { presentThreads } from "@/lib/comments/present";
import { requireThreadAccess } from "@/lib/wikis/access";

/** POST /api/v1/threads/{threadId}/reopen (commenters and up): answers with the thread. */
export const POST = endpoint(
  {
    method: "POST",
    path: "/threads/{threadId}/reopen",
    operationId: "reopenThread",
    summary: "Reopen a resolved thread (commenters, editors, owners)",
    action: "page.comment",
    response: { status: 200, description: "The thread", schema: threadView },
    errors: [403, 404, 409],
  },
  async ({ user, params }) => {
    const { page } = await requireThreadAccess(user.id, params.threadId, "page.comment");
    await setThreadResolved(page.id, params.threadId, user.id, false);
    return (await presentThreads([(await findThreadWithComments(params.threadId))!]))[0];
  },
);
