import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { pages } from "./pages";
import { users } from "./users";

/** "suggestion": the reply thread of one suggestion (issue 19); it follows the suggestion, not a passage. */
export const ANCHOR_KINDS = ["text", "block", "page", "suggestion"] as const;
export type AnchorKind = (typeof ANCHOR_KINDS)[number];

/**
 * A discussion attached to a passage (Yjs relative positions, which follow concurrent edits), to a
 * block, or to the page as a whole. The quote is kept from creation so a thread whose passage is
 * deleted stays readable ("detached").
 */
export const commentThreads = sqliteTable(
  "comment_threads",
  {
    id: text("id").primaryKey(),
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    anchorKind: text("anchor_kind", { enum: ANCHOR_KINDS }).notNull(),
    /** Y.encodeRelativePosition of the passage's start and end (text anchors). */
    anchorStart: blob("anchor_start", { mode: "buffer" }),
    anchorEnd: blob("anchor_end", { mode: "buffer" }),
    /** Index of the anchored top-level block at creation (block anchors; stable ids come later). */
    blockId: text("block_id"),
    quote: text("quote").notNull().default(""),
    /** For a suggestion's reply thread: the suggestion's id as its marks carry it. */
    suggestionId: text("suggestion_id"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("comment_threads_page_idx").on(t.pageId), index("comment_threads_suggestion_idx").on(t.pageId, t.suggestionId)],
);

export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    threadId: text("thread_id")
      .notNull()
      .references(() => commentThreads.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    /** The current wording; every wording, this one included, is also in comment_revisions. */
    body: text("body").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    /** A deleted comment stays as a tombstone so the thread around it still reads. */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    deletedBy: text("deleted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("comments_thread_idx").on(t.threadId, t.createdAt)],
);

/** Commentary is versioned, not overwritten: one row per wording of a comment, oldest first. */
export const commentRevisions = sqliteTable(
  "comment_revisions",
  {
    id: text("id").primaryKey(),
    commentId: text("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index("comment_revisions_comment_idx").on(t.commentId, t.number)],
);

/**
 * "suggestion": someone suggested a change on a page you created; "decision": your suggestion was
 * accepted or rejected. Both point at a page and a suggestion instead of a thread and a comment.
 */
export const NOTIFICATION_KINDS = ["mention", "reply", "suggestion", "decision"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** The kinds that point at a thread and a comment. */
export const THREAD_NOTIFICATION_KINDS = ["mention", "reply"] as const;
export type ThreadNotificationKind = (typeof THREAD_NOTIFICATION_KINDS)[number];
export const isThreadNotificationKind = (kind: NotificationKind): kind is ThreadNotificationKind =>
  (THREAD_NOTIFICATION_KINDS as readonly string[]).includes(kind);

/** The personal inbox: mentions, replies to one's threads, suggestions and decisions on them. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    /** Mentions and replies: the thread and the comment. Null for suggestion kinds. */
    threadId: text("thread_id").references(() => commentThreads.id, { onDelete: "cascade" }),
    commentId: text("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    /** Suggestion kinds: the page, the suggestion's id and who suggested or decided. */
    pageId: text("page_id").references(() => pages.id, { onDelete: "cascade" }),
    suggestionId: text("suggestion_id"),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    /**
     * When e-mail was done with this item: mailed (alone, grouped or in a digest) or passed over
     * (its kind is set to "never", or e-mail is off). Null while the mailer may still send it.
     */
    mailedAt: integer("mailed_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt), index("notifications_unmailed_idx").on(t.mailedAt)],
);

export const NOTIFICATION_MAIL_MODES = ["immediately", "daily", "never"] as const;
export type NotificationMailMode = (typeof NOTIFICATION_MAIL_MODES)[number];

/** How each person wants each kind of notification by e-mail; no row means "immediately". */
export const notificationSettings = sqliteTable(
  "notification_settings",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    mode: text("mode", { enum: NOTIFICATION_MAIL_MODES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

export type CommentThread = typeof commentThreads.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type CommentRevision = typeof commentRevisions.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
