import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { ANCHOR_KINDS, NOTIFICATION_KINDS, NOTIFICATION_MAIL_MODES } from "../../schema/comments";
import { bytea, timestampMs } from "./columns";
import { pages } from "./pages";
import { users } from "./users";

/** Twins of db/schema/comments.ts; the comments there explain the columns. */
export const commentThreads = pgTable(
  "comment_threads",
  {
    id: text("id").primaryKey(),
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    anchorKind: text("anchor_kind", { enum: ANCHOR_KINDS }).notNull(),
    anchorStart: bytea("anchor_start"),
    anchorEnd: bytea("anchor_end"),
    blockId: text("block_id"),
    quote: text("quote").notNull().default(""),
    suggestionId: text("suggestion_id"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestampMs("resolved_at"),
  },
  (t) => [index("comment_threads_page_idx").on(t.pageId), index("comment_threads_suggestion_idx").on(t.pageId, t.suggestionId)],
);

export const comments = pgTable(
  "comments",
  {
    id: text("id").primaryKey(),
    threadId: text("thread_id")
      .notNull()
      .references(() => commentThreads.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    editedAt: timestampMs("edited_at"),
    deletedAt: timestampMs("deleted_at"),
    deletedBy: text("deleted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("comments_thread_idx").on(t.threadId, t.createdAt)],
);

export const commentRevisions = pgTable(
  "comment_revisions",
  {
    id: text("id").primaryKey(),
    commentId: text("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    body: text("body").notNull(),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
  },
  (t) => [index("comment_revisions_comment_idx").on(t.commentId, t.number)],
);

export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    threadId: text("thread_id").references(() => commentThreads.id, { onDelete: "cascade" }),
    commentId: text("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    pageId: text("page_id").references(() => pages.id, { onDelete: "cascade" }),
    suggestionId: text("suggestion_id"),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    readAt: timestampMs("read_at"),
    mailedAt: timestampMs("mailed_at"),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt), index("notifications_unmailed_idx").on(t.mailedAt)],
);

export const notificationSettings = pgTable(
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
