import { sql } from "drizzle-orm";
import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { pages } from "./pages";
import { users } from "./users";

export const REVISION_KINDS = ["auto", "named", "restore"] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

/**
 * A point in a page's Yjs history. Storage grows with the change, not the page: each revision
 * keeps the Yjs updates logged since the previous one, merged into one delta (each update carries
 * only its own deletions, so a delta does not repeat the page's whole deletion record), and every
 * CHECKPOINT_EVERY-th also a full state, so reading any revision applies at most that many deltas
 * to a checkpoint.
 */
export const pageRevisions = sqliteTable(
  "page_revisions",
  {
    id: text("id").primaryKey(),
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    kind: text("kind", { enum: REVISION_KINDS }).notNull(),
    name: text("name"),
    note: text("note"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    /** JSON array of the user ids whose updates this revision contains. */
    contributors: text("contributors").notNull().default("[]"),
    /** Highest page_updates id folded into this revision (contributors are read from the log). */
    throughUpdateId: integer("through_update_id").notNull().default(0),
    delta: blob("delta", { mode: "buffer" }).notNull(),
    checkpoint: blob("checkpoint", { mode: "buffer" }),
    wordsAdded: integer("words_added").notNull().default(0),
    wordsRemoved: integer("words_removed").notNull().default(0),
    wordCount: integer("word_count").notNull().default(0),
  },
  (t) => [
    uniqueIndex("page_revisions_page_number_idx").on(t.pageId, t.number),
    index("page_revisions_created_idx").on(t.createdAt),
    // One automatic version per covered log position (issue 20): two instances, or a retry, that
    // record "the page as it now is" for the same position leave one. Named versions and restores
    // are someone's act and may share a position with the version before them.
    uniqueIndex("page_revisions_page_auto_position_idx")
      .on(t.pageId, t.throughUpdateId)
      .where(sql`kind = 'auto'`),
  ],
);

export type PageRevision = typeof pageRevisions.$inferSelect;
