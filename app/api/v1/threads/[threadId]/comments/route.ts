import { NextResponse } from "next/server";
import { findThreadWithComments } from "@/db/queries/comments";
import { apiRoute, readJson } from "@/lib/api/handler";
import { replyToThread } from "@/lib/comments/commands";
import { presentThreads } from "@/lib/comments/present";
import { commentBodySchema } from "@/lib/validations/schemas";
import { requireThreadAccess } from "@/lib/wikis/access";

type Params = { threadId: string };

/** POST /api/v1/threads/{threadId}/comments {body} (commenters and up): a reply; answers with the thread. */
export const POST = apiRoute<Params>(async ({ request, user, params }) => {
  const { body } = await readJson(request, commentBodySchema);
  const { page } = requireThreadAccess(user.id, params.threadId, "page.comment");
  replyToThread(page, params.threadId, user.id, body);
  return NextResponse.json(presentThreads([findThreadWithComments(params.threadId)!])[0], { status: 201 });
});
