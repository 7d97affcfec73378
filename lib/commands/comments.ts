import type * as Y from "yjs";
import { transaction } from "@/db/executor";
import {
  findComment,
  findSuggestionThread,
  findThread,
  insertComment,
  insertCommentRevision,
  insertNotifications,
  insertThread,
  markCommentDeleted,
  setThreadResolution,
  threadParticipants,
  updateCommentBody,
} from "@/db/queries/comments";
import { findPageById } from "@/db/queries/pages";
import { findSuggestionDecision } from "@/db/queries/suggestions";
import { listMembers } from "@/db/queries/wikis";
import type { AnchorKind, Role } from "@/db/schema";
import { config } from "@/lib/env";
import { AppError, badRequest, conflict, forbidden, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { loadPageDoc, readPageContent } from "@/lib/pages/content";
import { can } from "@/lib/policies";
import { registry } from "@/lib/server/registry";
import { anchorFromBlock, anchorFromQuote, isValidAnchor, type TextAnchor } from "@/lib/comments/anchors";
import { resolveMentions } from "@/lib/comments/mentions";
import { indexComment } from "@/lib/search/indexing";
import { listSuggestions, type SuggestionSummary } from "@/lib/suggestions/view";

// Each command writes the comment's search entry inside its transaction: search indexing is still
// on the synchronous SQLite layer, which after the commit could be refused the write lock by
// another open transaction (db/client.ts); inside, the entry commits together with the comment.

/** Trims and checks a comment body: not empty, not longer than MAX_COMMENT_LENGTH. */
export function checkBody(raw: string): string {
  const body = raw.trim();
  if (!body) throw badRequest("A comment cannot be empty");
  if (body.length > config.maxCommentLength) throw badRequest(`A comment is at most ${config.maxCommentLength} characters`);
  return body;
}

async function currentDoc(pageId: string): Promise<Y.Doc> {
  const loaded = await loadPageDoc(pageId);
  if (!loaded) throw notFound("Page not found");
  return loaded.doc;
}

/** Lets open pages refresh their comments at once (Hocuspocus stateless message on the page's channel). */
export function announceCommentChange(pageId: string, threadId: string): void {
  registry().collab?.broadcastToPage(pageId, { type: "comments", threadId });
}

async function notify(
  wikiId: string,
  pageThreadId: string,
  commentId: string,
  authorId: string,
  body: string,
  replyTo: string[],
  alreadyMentioned: string[] = [],
): Promise<void> {
  const members = await listMembers(wikiId);
  const mentioned = resolveMentions(body, members).filter((id) => id !== authorId && !alreadyMentioned.includes(id));
  const replied = replyTo.filter((id) => id !== authorId && !mentioned.includes(id) && members.some((m) => m.userId === id));
  // In milliseconds: the column's SQL default has whole seconds, leaving the inbox order within a second to chance.
  const createdAt = new Date();
  await insertNotifications([
    ...mentioned.map((userId) => ({ id: newId(), userId, kind: "mention" as const, threadId: pageThreadId, commentId, createdAt })),
    ...replied.map((userId) => ({ id: newId(), userId, kind: "reply" as const, threadId: pageThreadId, commentId, createdAt })),
  ]);
}

export type ThreadAnchorInput =
  | { kind: "text"; start: Uint8Array; end: Uint8Array; quote: string }
  | { kind: "quote"; quote: string }
  | { kind: "block"; index: number }
  | { kind: "suggestion"; suggestionId: string }
  | { kind: "page" };

/**
 * The pending suggestion a reply thread is to be started on. One already decided is answered 409
 * (its card is gone; its thread, if any, stays readable among the resolved ones); an id the page
 * does not hold, 400.
 */
async function pendingSuggestion(pageId: string, suggestionId: string): Promise<SuggestionSummary> {
  const pending = listSuggestions((await readPageContent(pageId)).json).find((s) => s.id === suggestionId);
  if (pending) return pending;
  const decided = await findSuggestionDecision(suggestionId);
  if (decided?.pageId === pageId) throw conflict(`This suggestion was already ${decided.status}; it takes no new thread`);
  throw badRequest("No pending suggestion with that id on this page");
}

/** Who made a suggestion (pending or decided), so replies on its thread reach them. */
async function suggestionAuthor(pageId: string, suggestionId: string): Promise<string | null> {
  const pending = listSuggestions((await readPageContent(pageId)).json).find((s) => s.id === suggestionId);
  return pending?.authorId ?? (await findSuggestionDecision(suggestionId))?.authorId ?? null;
}

/**
 * Starts a thread on a passage (relative positions from the editor, or the first occurrence of a
 * quote), on a block, on a pending suggestion, or on the page, with its first comment. A
 * suggestion has one thread: when someone replied first, the comment joins that thread (two
 * "first replies" at once end in one thread). The caller has checked "page.comment" on the page.
 * Returns the thread's id.
 */
export async function createThread(
  page: { id: string; wikiId: string },
  authorId: string,
  input: { body: string; anchor: ThreadAnchorInput },
): Promise<string> {
  const body = checkBody(input.body);
  let anchorKind: AnchorKind = "page";
  let anchor: TextAnchor | null = null;
  let blockId: string | null = null;
  let suggestion: SuggestionSummary | null = null;
  if (input.anchor.kind === "suggestion") {
    suggestion = await pendingSuggestion(page.id, input.anchor.suggestionId);
    anchorKind = "suggestion";
  } else if (input.anchor.kind !== "page") {
    const doc = await currentDoc(page.id);
    if (input.anchor.kind === "text") {
      if (!isValidAnchor(doc, input.anchor.start, input.anchor.end)) throw badRequest("The selection is not part of this page");
      anchor = { start: input.anchor.start, end: input.anchor.end, quote: input.anchor.quote.slice(0, 2000) };
      anchorKind = "text";
    } else if (input.anchor.kind === "quote") {
      anchor = anchorFromQuote(doc, input.anchor.quote);
      if (!anchor) throw badRequest("That quote does not occur in the page");
      anchorKind = "text";
    } else {
      anchor = anchorFromBlock(doc, input.anchor.index);
      if (!anchor) throw badRequest("No block with text at that index");
      anchorKind = "block";
      blockId = String(input.anchor.index);
    }
    doc.destroy();
  }
  let threadId = newId();
  const commentId = newId();
  const now = new Date();
  await transaction(async () => {
    const existing = suggestion ? await findSuggestionThread(page.id, suggestion.id) : undefined;
    if (existing) {
      threadId = existing.id;
      await insertComment({ id: commentId, threadId, authorId, body, createdAt: now });
      await insertCommentRevision(commentId, newId(), body, now);
      const recipients = await replyRecipients(existing.id, existing.createdBy, suggestion!.authorId);
      await notify(page.wikiId, threadId, commentId, authorId, body, recipients);
      await indexComment(commentId);
      return;
    }
    await insertThread({
      id: threadId,
      pageId: page.id,
      anchorKind,
      anchorStart: anchor ? Buffer.from(anchor.start) : null,
      anchorEnd: anchor ? Buffer.from(anchor.end) : null,
      blockId,
      // A suggestion's thread quotes what it proposes ("Replace 'binding' with 'emerging'").
      quote: suggestion?.text ?? anchor?.quote ?? "",
      suggestionId: suggestion?.id ?? null,
      createdBy: authorId,
      createdAt: now,
    });
    await insertComment({ id: commentId, threadId, authorId, body, createdAt: now });
    await insertCommentRevision(commentId, newId(), body, now);
    // The suggester hears of the first reply to their suggestion as of a reply to their thread.
    await notify(page.wikiId, threadId, commentId, authorId, body, suggestion ? [suggestion.authorId] : []);
    await indexComment(commentId);
  });
  announceCommentChange(page.id, threadId);
  return threadId;
}

/** Adds a reply to a thread on this page. Returns the comment's id. */
export async function replyToThread(
  page: { id: string; wikiId: string },
  threadId: string,
  authorId: string,
  rawBody: string,
): Promise<string> {
  const body = checkBody(rawBody);
  const commentId = newId();
  const now = new Date();
  // Who made the suggestion comes from the page body, read before the transaction: inside it,
  // only database calls may be awaited.
  const before = await findThread(threadId);
  const suggester = before?.suggestionId && before.pageId === page.id ? await suggestionAuthor(page.id, before.suggestionId) : null;
  await transaction(async () => {
    const thread = await findThread(threadId);
    if (!thread || thread.pageId !== page.id) throw notFound("Thread not found");
    await insertComment({ id: commentId, threadId, authorId, body, createdAt: now });
    await insertCommentRevision(commentId, newId(), body, now);
    await notify(page.wikiId, threadId, commentId, authorId, body, await replyRecipients(threadId, thread.createdBy, suggester));
    await indexComment(commentId);
  });
  announceCommentChange(page.id, threadId);
  return commentId;
}

/** Who hears of a reply: the thread's starter, everyone who wrote in it, and a suggestion thread's suggester. */
async function replyRecipients(threadId: string, startedBy: string | null, suggester: string | null): Promise<string[]> {
  return [...new Set([startedBy, suggester, ...(await threadParticipants(threadId))].filter((id): id is string => !!id))];
}

/** Edits one's own comment; the earlier wording stays in its history. */
export async function editComment(commentId: string, userId: string, rawBody: string): Promise<void> {
  const body = checkBody(rawBody);
  let pageId = "";
  let threadId = "";
  await transaction(async () => {
    const comment = await findComment(commentId);
    if (!comment) throw notFound("Comment not found");
    if (comment.deletedAt) throw new AppError("conflict", "A deleted comment cannot be edited");
    if (comment.authorId !== userId) throw forbidden("Only the author can edit a comment");
    if (comment.body === body) return;
    const now = new Date();
    await updateCommentBody(commentId, body, now);
    await insertCommentRevision(commentId, newId(), body, now);
    // People newly @mentioned by the edit hear of it; those mentioned before are not told twice.
    const page = await findPageById(comment.pageId);
    if (page)
      await notify(
        page.wikiId,
        comment.threadId,
        commentId,
        userId,
        body,
        [],
        resolveMentions(comment.body, await listMembers(page.wikiId)),
      );
    await indexComment(commentId);
    pageId = comment.pageId;
    threadId = comment.threadId;
  });
  if (pageId) announceCommentChange(pageId, threadId);
}

/** Deletes a comment (its author, or a wiki owner): a tombstone stays, and the replies around it. */
export async function deleteComment(commentId: string, userId: string, role: Role): Promise<void> {
  const comment = await transaction(async () => {
    const comment = await findComment(commentId);
    if (!comment || comment.deletedAt) throw notFound("Comment not found");
    if (comment.authorId !== userId && !can(role, "comment.delete-any"))
      throw forbidden("Only the author or a wiki owner can delete a comment");
    await markCommentDeleted(commentId, userId, new Date());
    await indexComment(commentId);
    return comment;
  });
  announceCommentChange(comment.pageId, comment.threadId);
}

/** Resolves or reopens a thread on this page; resolving a resolved thread (or reopening an open one) is a conflict. */
export async function setThreadResolved(pageId: string, threadId: string, userId: string, resolved: boolean): Promise<void> {
  await transaction(async () => {
    const thread = await findThread(threadId);
    if (!thread || thread.pageId !== pageId) throw notFound("Thread not found");
    if (resolved && thread.resolvedAt) throw new AppError("conflict", "The thread is already resolved");
    if (!resolved && !thread.resolvedAt) throw new AppError("conflict", "The thread is not resolved");
    await setThreadResolution(threadId, resolved ? userId : null, resolved ? new Date() : null);
  });
  announceCommentChange(pageId, threadId);
}
