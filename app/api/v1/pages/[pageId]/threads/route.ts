import { z } from "zod";
import { findThreadWithComments, listThreadsForPage } from "@/db/queries/comments";
import { threadView } from "@/lib/api/comment-presenters";
import { endpoint } from "@/lib/api/endpoint";
import { createThread, type ThreadAnchorInput } from "@/lib/commands/comments";
import { presentThreads } from "@/lib/comments/present";
import { createThreadSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}/threads: every thread on the page (open and resolved) with its comments. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/threads",
    operationId: "listThreads",
    summary: "Comment threads on a page, open and resolved, with their comments (any member)",
    action: "page.read",
    response: { status: 200, description: "The threads", schema: z.object({ threads: z.array(threadView) }) },
    errors: [404],
  },
  async ({ user, params }) => {
    const { page } = await requirePageAccess(user.id, params.pageId, "page.read");
    return { threads: await presentThreads(await listThreadsForPage(page.id)) };
  },
);

/** POST /api/v1/pages/{pageId}/threads {body, quote?, blockId?, anchor?} (commenters, reviewers and up). */
export const POST = endpoint(
  {
    method: "POST",
    path: "/pages/{pageId}/threads",
    operationId: "createThread",
    summary: "Start a thread (commenters, reviewers, editors, owners)",
    description:
      'Anchored to the first occurrence of `quote`, or to the top-level block at index `blockId`, or (from the web editor) to `anchor` positions; with none of them, to the page. `anchor: {kind: "suggestion", suggestionId}` replies to a pending suggestion of the page: the first reply starts the suggestion\'s thread, a later one (or one racing it) is added to that thread, which is returned; an id the page does not hold is answered 400, a suggestion already decided 409. Bodies are 1 to MAX_COMMENT_LENGTH (default 10,000) characters, shown as text with light Markdown (emphasis, safe links); `@name` mentions a member.',
    action: "page.comment",
    body: createThreadSchema,
    response: { status: 201, description: "The new thread", schema: threadView },
    errors: [400, 403, 404, 409, 413, 415],
  },
  async ({ user, params, body: input }) => {
    const { page } = await requirePageAccess(user.id, params.pageId, "page.comment");
    const anchor: ThreadAnchorInput =
      input.anchor?.kind === "suggestion"
        ? { kind: "suggestion", suggestionId: input.anchor.suggestionId }
        : input.anchor
          ? {
              kind: "text",
              start: Buffer.from(input.anchor.start, "base64"),
              end: Buffer.from(input.anchor.end, "base64"),
              quote: input.anchor.quote,
            }
          : input.quote
            ? { kind: "quote", quote: input.quote }
            : input.blockId !== undefined
              ? { kind: "block", index: input.blockId }
              : { kind: "page" };
    const threadId = await createThread(page, user.id, { body: input.body, anchor });
    return (await presentThreads([(await findThreadWithComments(threadId))!]))[0];
  },
);
