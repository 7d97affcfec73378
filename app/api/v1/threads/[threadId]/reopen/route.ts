import { findThreadWithComments } from "@/db/queries/comments";
import { apiRoute } from "@/lib/api/handler";
import { setThreadResolved } from "@/lib/comments/commands";
import { presentThreads } from "@/lib/comments/present";
import { requireThreadAccess } from "@/lib/wikis/access";

type Params = { threadId: string };

/** POST /api/v1/threads/{threadId}/reopen (commenters and up): answers with the thread. */
export const POST = apiRoute<Params>(async ({ user, params }) => {
  const { page } = requireThreadAccess(user.id, params.threadId, "page.comment");
  setThreadResolved(page.id, params.threadId, user.id, false);
  return presentThreads([findThreadWithComments(params.threadId)!])[0];
});
