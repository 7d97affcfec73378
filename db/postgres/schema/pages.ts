import { doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { bytea, timestampMs } from "./columns";
import { users } from "./users";
import { wikis } from "./wikis";

/** Twin of db/schema/pages.ts; the comments there explain the columns. */
export const pages = pgTable(
  "pages",
  {
    id: text("id").primaryKey(),
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    parentId: text("parent_id"),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    position: doublePrecision("position").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
    deletedAt: timestampMs("deleted_at"),
    deletedBy: text("deleted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("pages_wiki_slug_idx").on(t.wikiId, t.slug), index("pages_parent_idx").on(t.wikiId, t.parentId)],
);

export const pageSlugRedirects = pgTable(
  "page_slug_redirects",
  {
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.wikiId, t.slug] })],
);

export const pageContents = pgTable("page_contents", {
  pageId: text("page_id")
    .primaryKey()
    .references(() => pages.id, { onDelete: "cascade" }),
  ydoc: bytea("ydoc").notNull(),
  json: text("json").notNull(),
  text: text("text").notNull(),
  /** The `seq` of the last page_updates entry folded into `ydoc` (on SQLite: its global `id`). */
  compactedThrough: integer("compacted_through").notNull().default(0),
  updatedAt: timestampMs("updated_at").notNull().defaultNow(),
});

/**
 * The update log, keyed by `(page_id, seq)` rather than SQLite's global autoincrement `id`: with
 * several instances, each page has one owner that appends to it (issue 20), so numbering per page
 * needs no table-wide sequence and lets the append check the owner's lease on the page's own rows.
 * `seq` plays the part of SQLite's `id` within one page: it only grows, and `compacted_through`
 * and `page_revisions.through_update_id` hold `seq` values of the same page. Everything that reads
 * the log compares ids within one page only, so `migrate-to-postgres` numbers each page's entries
 * (and those two columns) in SQLite's id order, keeping every comparison the same
 * (db/postgres/copy-from-sqlite.ts). A new entry takes one more than the page's highest seq, or
 * than its compacted_through when compaction has emptied the log: a seq is never given twice.
 */
export const pageUpdates = pgTable(
  "page_updates",
  {
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    update: bytea("update").notNull(),
    userId: text("user_id"),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.pageId, t.seq] })],
);
