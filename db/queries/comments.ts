import { and, asc, count, desc, eq, inArray, isNull, max, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/comments";
import { preparedQuery } from "../prepared";
import {
  commentRevisions,
  comments,
  commentThreads,
  notifications,
  pages,
  users,
  wikiMembers,
  isThreadNotificationKind,
  type Comment,
  type CommentRevision,
  type CommentThread,
  type ThreadNotificationKind,
} from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export type CommentWithAuthor = Comment & { authorName: string | null; revisionCount: number };
export type ThreadWithComments = CommentThread & {
  createdByName: string | null;
  resolvedByName: string | null;
  comments: CommentWithAuthor[];
};

export const insertThread = perDialect(
  (db: Db, thread: typeof commentThreads.$inferInsert): void => void db.insert(commentThreads).values(thread).run(),
  postgres.insertThread,
);

export const insertComment = perDialect(
  (db: Db, comment: typeof comments.$inferInsert): void => void db.insert(comments).values(comment).run(),
  postgres.insertComment,
);

/** Appends a wording to a comment's history, numbered from 1. */
export const insertCommentRevision = perDialect((db: Db, commentId: string, id: string, body: string, createdAt: Date): number => {
  const last =
    db
      .select({ n: max(commentRevisions.number) })
      .from(commentRevisions)
      .where(eq(commentRevisions.commentId, commentId))
      .get()?.n ?? 0;
  db.insert(commentRevisions)
    .values({ id, commentId, number: last + 1, body, createdAt })
    .run();
  return last + 1;
}, postgres.insertCommentRevision);

function sqliteFindThread(db: Db, id: string): CommentThread | undefined {
  return db.select().from(commentThreads).where(eq(commentThreads.id, id)).get();
}

export const findThread = perDialect(sqliteFindThread, postgres.findThread);

function sqliteFindComment(db: Db, id: string): (Comment & { pageId: string }) | undefined {
  const row = db
    .select({ comment: comments, pageId: commentThreads.pageId })
    .from(comments)
    .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
    .where(eq(comments.id, id))
    .get();
  return row ? { ...row.comment, pageId: row.pageId } : undefined;
}

/** A comment (deleted ones too, as tombstones) with the page its thread is on. */
export const findComment = perDialect(sqliteFindComment, postgres.findComment);

export const updateCommentBody = perDialect(
  (db: Db, id: string, body: string, editedAt: Date): void =>
    void db.update(comments).set({ body, editedAt }).where(eq(comments.id, id)).run(),
  postgres.updateCommentBody,
);

export const markCommentDeleted = perDialect(
  (db: Db, id: string, deletedBy: string, deletedAt: Date): void =>
    void db.update(comments).set({ deletedAt, deletedBy }).where(eq(comments.id, id)).run(),
  postgres.markCommentDeleted,
);

export const setThreadResolution = perDialect(
  (db: Db, id: string, resolvedBy: string | null, resolvedAt: Date | null): void =>
    void db.update(commentThreads).set({ resolvedBy, resolvedAt }).where(eq(commentThreads.id, id)).run(),
  postgres.setThreadResolution,
);

/**
 * The reply thread of a suggestion on a page, if someone has replied to it. Inside a transaction
 * it also keeps a concurrent first reply from starting a second thread until this one ends.
 */
export const findSuggestionThread = perDialect(
  (db: Db, pageId: string, suggestionId: string): CommentThread | undefined =>
    db
      .select()
      .from(commentThreads)
      .where(and(eq(commentThreads.pageId, pageId), eq(commentThreads.suggestionId, suggestionId)))
      .get(),
  postgres.findSuggestionThread,
);

function sqliteResolveSuggestionThreads(db: Db, pageId: string, suggestionIds: string[], resolvedBy: string, resolvedAt: Date): string[] {
  if (suggestionIds.length === 0) return [];
  return db
    .update(commentThreads)
    .set({ resolvedBy, resolvedAt })
    .where(and(eq(commentThreads.pageId, pageId), inArray(commentThreads.suggestionId, suggestionIds), isNull(commentThreads.resolvedAt)))
    .returning({ id: commentThreads.id })
    .all()
    .map((row) => row.id);
}

/** Resolves the open reply threads of these suggestions (once they are decided). Returns their ids. */
export const resolveSuggestionThreads = perDialect(sqliteResolveSuggestionThreads, postgres.resolveSuggestionThreads);

/** Every wording of a comment, oldest first. */
export const listCommentRevisions = perDialect(
  (db: Db, commentId: string): CommentRevision[] =>
    db.select().from(commentRevisions).where(eq(commentRevisions.commentId, commentId)).orderBy(asc(commentRevisions.number)).all(),
  postgres.listCommentRevisions,
);

function userNames(db: Db, ids: (string | null)[]): Map<string, string> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  return new Map(
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, wanted))
      .all()
      .map((u) => [u.id, u.name]),
  );
}

/** Threads with their comments (oldest first), for the threads given. */
function withComments(db: Db, threads: CommentThread[]): ThreadWithComments[] {
  if (threads.length === 0) return [];
  const rows = db
    .select()
    .from(comments)
    .where(
      inArray(
        comments.threadId,
        threads.map((t) => t.id),
      ),
    )
    .orderBy(asc(comments.createdAt))
    .all();
  const counts = new Map(
    rows.length
      ? db
          .select({ commentId: commentRevisions.commentId, n: max(commentRevisions.number) })
          .from(commentRevisions)
          .where(
            inArray(
              commentRevisions.commentId,
              rows.map((c) => c.id),
            ),
          )
          .groupBy(commentRevisions.commentId)
          .all()
          .map((r) => [r.commentId, r.n ?? 1])
      : [],
  );
  const names = userNames(db, [...rows.map((c) => c.authorId), ...threads.flatMap((t) => [t.createdBy, t.resolvedBy])]);
  return threads.map((t) => ({
    ...t,
    createdByName: t.createdBy ? (names.get(t.createdBy) ?? null) : null,
    resolvedByName: t.resolvedBy ? (names.get(t.resolvedBy) ?? null) : null,
    comments: rows
      .filter((c) => c.threadId === t.id)
      .map((c) => ({ ...c, authorName: c.authorId ? (names.get(c.authorId) ?? null) : null, revisionCount: counts.get(c.id) ?? 1 })),
  }));
}

// Every page view lists its threads: two queries keyed by the page alone, built once
// (db/prepared.ts), where the general withComments below needs three built per call.
const threadCreator = alias(users, "thread_creator");
const threadResolver = alias(users, "thread_resolver");
const threadsOfPage = preparedQuery((db) =>
  db
    .select({ thread: commentThreads, createdByName: threadCreator.name, resolvedByName: threadResolver.name })
    .from(commentThreads)
    .leftJoin(threadCreator, eq(threadCreator.id, commentThreads.createdBy))
    .leftJoin(threadResolver, eq(threadResolver.id, commentThreads.resolvedBy))
    .where(eq(commentThreads.pageId, sql.placeholder("pageId")))
    .orderBy(asc(commentThreads.createdAt))
    .prepare(),
);
const commentsOfPage = preparedQuery((db) =>
  db
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
    .where(eq(commentThreads.pageId, sql.placeholder("pageId")))
    .orderBy(asc(comments.createdAt))
    .prepare(),
);

function sqliteListThreadsForPage(_db: Db, pageId: string): ThreadWithComments[] {
  const threads = threadsOfPage().all({ pageId });
  if (threads.length === 0) return [];
  const byThread = new Map<string, CommentWithAuthor[]>(threads.map((t) => [t.thread.id, []]));
  for (const row of commentsOfPage().all({ pageId }))
    byThread.get(row.comment.threadId)?.push({ ...row.comment, authorName: row.authorName, revisionCount: row.revisionCount ?? 1 });
  return threads.map((t) => ({
    ...t.thread,
    createdByName: t.createdByName,
    resolvedByName: t.resolvedByName,
    comments: byThread.get(t.thread.id)!,
  }));
}

/** Every thread on a page, open and resolved, oldest first, each with its comments oldest first. */
export const listThreadsForPage = perDialect(sqliteListThreadsForPage, postgres.listThreadsForPage);

export const findThreadWithComments = perDialect((db: Db, id: string): ThreadWithComments | undefined => {
  const thread = sqliteFindThread(db, id);
  return thread ? withComments(db, [thread])[0] : undefined;
}, postgres.findThreadWithComments);

export type OpenThreadRow = ThreadWithComments & { pageTitle: string; pageSlug: string };

/** Unresolved threads on a wiki's live pages, newest first. */
export const listOpenThreadsForWiki = perDialect((db: Db, wikiId: string): OpenThreadRow[] => {
  const rows = db
    .select({ thread: commentThreads, pageTitle: pages.title, pageSlug: pages.slug })
    .from(commentThreads)
    .innerJoin(pages, eq(pages.id, commentThreads.pageId))
    .where(and(eq(pages.wikiId, wikiId), isNull(pages.deletedAt), isNull(commentThreads.resolvedAt)))
    .orderBy(desc(commentThreads.createdAt))
    .all();
  const threads = withComments(
    db,
    rows.map((r) => r.thread),
  );
  return threads.map((t, i) => ({ ...t, pageTitle: rows[i].pageTitle, pageSlug: rows[i].pageSlug }));
}, postgres.listOpenThreadsForWiki);

/** Everyone who wrote in a thread (for reply notifications). */
export const threadParticipants = perDialect((db: Db, threadId: string): string[] => {
  const rows = db.selectDistinct({ id: comments.authorId }).from(comments).where(eq(comments.threadId, threadId)).all();
  return rows.map((r) => r.id).filter((id): id is string => !!id);
}, postgres.threadParticipants);

export const insertNotifications = perDialect((db: Db, rows: (typeof notifications.$inferInsert)[]): void => {
  if (rows.length) db.insert(notifications).values(rows).run();
}, postgres.insertNotifications);

export type InboxItem = {
  id: string;
  kind: "mention" | "reply";
  createdAt: Date;
  readAt: Date | null;
  threadId: string;
  commentId: string;
  pageId: string;
  pageTitle: string;
  pageSlug: string;
  wikiId: string;
  body: string;
  authorName: string | null;
  deleted: boolean;
};

/** A person's mentions and replies on live pages, newest first. */
export const listNotifications = perDialect(
  (db: Db, userId: string, limit = 100): InboxItem[] =>
    db
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
      .limit(limit)
      .all()
      // The inner joins on the thread and the comment already keep only these kinds; this says so to
      // the type checker.
      .filter((row): row is typeof row & { kind: ThreadNotificationKind; threadId: string; commentId: string } =>
        isThreadNotificationKind(row.kind),
      )
      .map(({ deletedAt, ...row }) => ({ ...row, deleted: !!deletedAt })),
  postgres.listNotifications,
);

// Every page's header shows the count: built once (db/prepared.ts).
const unreadCount = preparedQuery((db) =>
  db
    .select({ unread: count() })
    .from(notifications)
    // Mentions and replies reach their page through the thread, suggestion items point at it.
    .leftJoin(commentThreads, eq(commentThreads.id, notifications.threadId))
    .innerJoin(pages, or(eq(pages.id, commentThreads.pageId), eq(pages.id, notifications.pageId)))
    .innerJoin(wikiMembers, and(eq(wikiMembers.wikiId, pages.wikiId), eq(wikiMembers.userId, notifications.userId)))
    .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt), isNull(pages.deletedAt)))
    .prepare(),
);

/**
 * How many of the inbox's items are unread: the same items the inbox lists (live pages of wikis
 * the person still belongs to), for the count beside the header's Inbox link.
 */
export const countUnreadNotifications = perDialect(
  (_db: Db, userId: string): number => unreadCount().get({ userId })?.unread ?? 0,
  postgres.countUnreadNotifications,
);

export const markNotificationsRead = perDialect(
  (db: Db, userId: string): void =>
    void db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .run(),
  postgres.markNotificationsRead,
);
