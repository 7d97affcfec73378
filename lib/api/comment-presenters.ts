import { z } from "zod";

/**
 * REST shapes for comment threads (lib/comments/present.ts fills them): the OpenAPI document, the
 * handlers and the browser all take their types from these schemas.
 */
const person = z.object({ id: z.string(), name: z.string() }).nullable();
const timestamp = z.string().describe("ISO 8601 date and time (UTC)");

export const commentView = z.object({
  id: z.string(),
  author: person,
  body: z.string().nullable().describe("null once the comment is deleted (a tombstone keeps its place)"),
  deleted: z.boolean(),
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
  versions: z.number().int().describe("How many wordings the comment has had (1 = never edited)"),
});

export const threadView = z.object({
  id: z.string(),
  pageId: z.string(),
  anchor: z.object({
    kind: z.enum(["text", "block", "page", "suggestion"]),
    start: z.string().nullable().describe("base64 Yjs relative position of the passage's start"),
    end: z.string().nullable().describe("base64 Yjs relative position of the passage's end"),
    blockIndex: z.number().int().nullable(),
    suggestionId: z.string().nullable().describe("For kind `suggestion`: the suggestion the thread replies to"),
  }),
  quote: z.string().describe("The passage as it read when the thread was started"),
  detached: z.boolean().describe("The anchored text has been removed from the page"),
  status: z.enum(["open", "resolved"]),
  resolvedBy: person,
  resolvedAt: timestamp.nullable(),
  createdBy: person,
  createdAt: timestamp,
  comments: z.array(commentView),
});

export const commentRevisionView = z.object({ number: z.number().int(), body: z.string(), createdAt: timestamp });

export const inboxItemView = z.object({
  id: z.string(),
  kind: z
    .enum(["mention", "reply", "suggestion", "decision"])
    .describe(
      "mention: you were mentioned in a comment; reply: a reply in a thread you took part in; suggestion: someone suggested a change on a page you created or wrote; decision: your suggestion was accepted or rejected",
    ),
  createdAt: timestamp,
  read: z.boolean(),
  threadId: z.string().nullable().describe("Mentions and replies: the thread (null for suggestions and decisions)"),
  commentId: z.string().nullable().describe("Mentions and replies: the comment (null for suggestions and decisions)"),
  page: z.object({ id: z.string(), title: z.string() }),
  author: z.string().nullable().describe("Who wrote the comment, suggested the change or decided it (null once the account is gone)"),
  body: z.string().nullable().describe("The comment (null once it is deleted, and for suggestions and decisions)"),
  suggestion: z
    .object({
      id: z.string(),
      text: z.string().nullable().describe("What the suggestion does, e.g. \"Replace 'binding' with 'emerging'\" (null once taken back)"),
      status: z
        .enum(["pending", "accepted", "rejected", "withdrawn", "gone"])
        .describe("Where it stands now; gone: its author deleted it before anyone decided"),
    })
    .nullable()
    .describe("Suggestions and decisions: the suggestion (null for mentions and replies)"),
});

export type CommentView = z.infer<typeof commentView>;
export type ThreadView = z.infer<typeof threadView>;
export type CommentRevisionView = z.infer<typeof commentRevisionView>;
export type InboxItemView = z.infer<typeof inboxItemView>;
