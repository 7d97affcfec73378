import { and, asc, count, desc, eq, inArray, isNull, max, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  isThreadNotificationKind,
  type Comment,
  type CommentRevision,
  type CommentThread,
  type ThreadNotificationKind,
  type commentThreads as sqliteCommentThreads,
  type comments as sqliteComments,
  type notifications as sqliteNotifications,
} from "../../schema";
import type { CommentWithAuthor, InboxItem, OpenThreadRow, ThreadWithComments } from "../../queries/comments";
import type { PgExecutor } from "../client";
import { commentRevisions, comments, commentThreads, notifications, pages, users, wikiMembers } from "../schema";

/** PostgreSQL side of db/queries/comments.ts (the comments there say what each does). */

export async function insertThread(db: PgExecutor, thread: typeof sqliteCommentThreads.$inferInsert): Promise<void> {
  await db.insert(commentThreads).values(thread);
}

export async function insertComment(db: PgExecutor, comment: typeof sqliteComments.$inferInsert): Promise<void> {
  await db.insert(comments).values(comment);
}

export async function insertCommentRevision(db: PgExecutor, commentId: string, id: string, body: string, createdAt: Date): Promise<number> {
  // Read committed lets two transactions read the same last number; locking the comment first
  // makes the second wait for the first's revision and number after it.
  await db.select({ id: comments.id }).from(comments).where(eq(comments.id, commentId)).for("update");
  const [last] = await db
    .select({ n: max(commentRevisions.number) })
    .from(commentRevisions)
    .where(eq(commentRevisions.commentId, commentId));
  const number = (last?.n ?? 0) + 1;
  await db.insert(commentRevisions).values({ id, commentId, number, body, createdAt });
  return number;
}

export async function findThread(db: PgExecutor, id: string): Promise<CommentThread | undefined> {
  const [row] = await db.select().from(commentThreads).where(eq(commentThreads.id, id));
  return row;
}

export async function findComment(db: PgExecutor, id: string): Promise<(Comment & { pageId: string }) | undefined> {
  const [row] = await db
    .select({ comment: comments, pageId: commentThreads.pageId })
    .from(comments)
    .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
    .where(eq(comments.id, id));
  return row ? { ...row.comment, pageId: row.pageId } : undefined;
}

export async function updateCommentBody(db: PgExecutor, id: string, body: string, editedAt: Date): Promise<void> {
  await db.update(comments).set({ body, editedAt }).where(eq(comments.id, id));
}

export async function markCommentDeleted(db: PgExecutor, id: string, deletedBy: string, deletedAt: Date): Promise<void> {
  await db.update(comments).set({ deletedAt, deletedBy }).where(eq(comments.id, id));
}

export async function setThreadResolution(db: PgExecutor, id: string, resolvedBy: string | null, resolvedAt: Date | null): Promise<void> {
  await db.update(commentThreads).set({ resolvedBy, resolvedAt }).where(eq(commentThreads.id, id));
}

export async function findSuggestionThread(db: PgExecutor, pageId: string, suggestionId: string): Promise<CommentThread | undefined> {
  // A suggestion has one thread, and nothing unique in the table says so: two first replies at
  // once would each find none and start one. In a transaction this lock (held until it ends)
  // makes the second wait for the first to commit and then find its thread; SQLite's write lock
  // does the same there.
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`suggestion-thread:${pageId}:${suggestionId}`}, 0))`);
  const [row] = await db
    .select()
    .from(commentThreads)
    .where(and(eq(commentThreads.pageId, pageId), eq(commentThreads.suggestionId, suggestionId)));
  return row;
}

export async function resolveSuggestionThreads(
  db: PgExecutor,
  pageId: string,
  suggestionIds: string[],
  resolvedBy: string,
  resolvedAt: Date,
): Promise<string[]> {
  if (suggestionIds.length === 0) return [];
  const rows = await db
    .update(commentThreads)
    .set({ resolvedBy, resolvedAt })
    .where(and(eq(commentThreads.pageId, pageId), inArray(commentThreads.suggestionId, suggestionIds), isNull(commentThreads.resolvedAt)))
    .returning({ id: commentThreads.id });
  return rows.map((row) => row.id);
}

export async function listCommentRevisions(db: PgExecutor, commentId: string): Promise<CommentRevision[]> {
  return db.select().from(commentRevisions).where(eq(commentRevisions.commentId, commentId)).orderBy(asc(commentRevisions.number));
}

async function userNames(db: PgExecutor, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((u) => [u.id, u.name]));
}

async function withComments(db: PgExecutor, threads: CommentThread[]): Promise<ThreadWithComments[]> {
  if (threads.length === 0) return [];
  const rows = await db
    .select()
    .from(comments)
    .where(
      inArray(
        comments.threadId,
        threads.map((t) => t.id),
      ),
    )
    .orderBy(asc(comments.createdAt));
  const counts = new Map(
    rows.length
      ? (
          await db
            .select({ commentId: commentRevisions.commentId, n: max(commentRevisions.number) })
            .from(commentRevisions)
            .where(
              inArray(
                commentRevisions.commentId,
                rows.map((c) => c.id),
              ),
            )
            .groupBy(commentRevisions.commentId)
        ).map((r) => [r.commentId, r.n ?? 1])
      : [],
  );
  const names = await userNames(db, [...rows.map((c) => c.authorId), ...threads.flatMap((t) => [t.createdBy, t.resolvedBy])]);
  return threads.map((t) => ({
    ...t,
    createdByName: t.createdBy ? (names.get(t.createdBy) ?? null) : null,
    resolvedByName: t.resolvedBy ? (names.get(t.resolvedBy) ?? null) : null,
    comments: rows
      .filter((c) => c.threadId === t.id)
      .map((c) => ({ ...c, authorName: c.authorId ? (names.get(c.authorId) ?? null) : null, revisionCount: counts.get(c.id) ?? 1 })),
  }));
}

const threadCreator = alias(users, "thread_creator");
const threadResolver = alias(users, "thread_resolver");

export async function listThreadsForPage(db: PgExecutor, pageId: string): Promise<ThreadWithComments[]> {
  const threads = await db
    .select({ thread: commentThreads, createdByName: threadCreator.name, resolvedByName: threadResolver.name })
    .from(commentThreads)
    .leftJoin(threadCreator, eq(threadCreator.id, commentThreads.createdBy))
    .leftJoin(threadResolver, eq(threadResolver.id, commentThreads.resolvedBy))
    .where(eq(commentThreads.pageId, pageId))
    .orderBy(asc(commentThreads.createdAt));
  if (threads.length === 0) return [];
  const rows = await db
    .select({
      comment: comments,
      authorName: users.name,
      revisionCount: sql<
        number | null
      >`(select max(${commentRevisions.number}) from ${commentRevisions} where ${commentRevisions.commentId} = ${comments.id})`,
    })
    .from(comments)
    .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(eq(commentThreads.pageId, pageId))
    .orderBy(asc(comments.createdAt));
  const byThread = new Map<string, CommentWithAuthor[]>(threads.map((t) => [t.thread.id, []]));
  for (const row of rows)
    byThread.get(row.comment.threadId)?.push({ ...row.comment, authorName: row.authorName, revisionCount: row.revisionCount ?? 1 });
  return threads.map((t) => ({
    ...t.thread,
    createdByName: t.createdByName,
    resolvedByName: t.resolvedByName,
    comments: byThread.get(t.thread.id)!,
  }));
}

export async function findThreadWithComments(db: PgExecutor, id: string): Promise<ThreadWithComments | undefined> {
  const thread = await findThread(db, id);
  return thread ? (await withComments(db, [thread]))[0] : undefined;
}

export async function listOpenThreadsForWiki(db: PgExecutor, wikiId: string): Promise<OpenThreadRow[]> {
  const rows = await db
    .select({ thread: commentThreads, pageTitle: pages.title, pageSlug: pages.slug })
    .from(commentThreads)
    .innerJoin(pages, eq(pages.id, commentThreads.pageId))
    .where(and(eq(pages.wikiId, wikiId), isNull(pages.deletedAt), isNull(commentThreads.resolvedAt)))
    .orderBy(desc(commentThreads.createdAt));
  const threads = await withComments(
    db,
    rows.map((r) => r.thread),
  );
  return threads.map((t, i) => ({ ...t, pageTitle: rows[i].pageTitle, pageSlug: rows[i].pageSlug }));
}

export async function threadParticipants(db: PgExecutor, threadId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ id: comments.authorId }).from(comments).where(eq(comments.threadId, threadId));
  return rows.map((r) => r.id).filter((id): id is string => !!id);
}

export async function insertNotifications(db: PgExecutor, rows: (typeof sqliteNotifications.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(notifications).values(rows);
}

export async function listNotifications(db: PgExecutor, userId: string, limit = 100): Promise<InboxItem[]> {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      threadId: notifications.threadId,
      commentId: notifications.commentId,
      pageId: pages.id,
      pageTitle: pages.title,
      pageSlug: pages.slug,
      wikiId: pages.wikiId,
      body: comments.body,
      authorName: users.name,
      deletedAt: comments.deletedAt,
    })
    .from(notifications)
    .innerJoin(comments, eq(comments.id, notifications.commentId))
    .innerJoin(commentThreads, eq(commentThreads.id, notifications.threadId))
    .innerJoin(pages, eq(pages.id, commentThreads.pageId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(notifications.userId, userId), isNull(pages.deletedAt)))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  return rows
    .filter((row): row is typeof row & { kind: ThreadNotificationKind; threadId: string; commentId: string } =>
      isThreadNotificationKind(row.kind),
    )
    .map(({ deletedAt, ...row }) => ({ ...row, deleted: !!deletedAt }));
}

export async function countUnreadNotifications(db: PgExecutor, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .leftJoin(commentThreads, eq(commentThreads.id, notifications.threadId))
    .innerJoin(pages, or(eq(pages.id, commentThreads.pageId), eq(pages.id, notifications.pageId)))
    .innerJoin(wikiMembers, and(eq(wikiMembers.wikiId, pages.wikiId), eq(wikiMembers.userId, notifications.userId)))
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), isNull(pages.deletedAt)));
  return row?.unread ?? 0;
}

export async function markNotificationsRead(db: PgExecutor, userId: string): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
