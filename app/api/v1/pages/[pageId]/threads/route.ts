import { NextResponse } from "next/server";
import { findThreadWithComments, listThreadsForPage } from "@/db/queries/comments";
import { apiRoute, readJson } from "@/lib/api/handler";
import { createThread, type ThreadAnchorInput } from "@/lib/comments/commands";
import { presentThreads } from "@/lib/comments/present";
import { createThreadSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/** GET /api/v1/pages/{pageId}/threads: every thread on the page (open and resolved) with its comments. */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { page } = requirePageAccess(user.id, params.pageId, "page.read");
  return { threads: presentThreads(listThreadsForPage(page.id)) };
});

/** POST /api/v1/pages/{pageId}/threads {body, quote?, blockId?, anchor?} (commenters and up). */
export const POST = apiRoute<Params>(async ({ request, user, params }) => {
  const input = await readJson(request, createThreadSchema);
  const { page } = requirePageAccess(user.id, params.pageId, "page.comment");
  const anchor: ThreadAnchorInput = input.anchor
    ? { kind: "text", start: Buffer.from(input.anchor.start, "base64"), end: Buffer.from(input.anchor.end, "base64"), quote: input.anchor.quote }
    : input.quote
      ? { kind: "quote", quote: input.quote }
      : input.blockId !== undefined
        ? { kind: "block", index: input.blockId }
        : { kind: "page" };
  const threadId = createThread(page, user.id, { body: input.body, anchor });
  return NextResponse.json(presentThreads([findThreadWithComments(threadId)!])[0], { status: 201 });
});
