import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";
import { wikis } from "./wikis";

export const pages = sqliteTable(
  "pages",
  {
    id: text("id").primaryKey(),
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    parentId: text("parent_id"),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    /** Order among siblings; fractional so a move rewrites one row. */
    position: real("position").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    /** Set when the page is in the trash; the row and its content stay until purged. */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    deletedBy: text("deleted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("pages_wiki_slug_idx").on(t.wikiId, t.slug), index("pages_parent_idx").on(t.wikiId, t.parentId)],
);

/** Old slugs keep working after a rename: they redirect to the page's current address. */
export const pageSlugRedirects = sqliteTable(
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

/**
 * The compacted collaborative state of a page, plus what is derived from it for server rendering
 * and search. Kept apart from `pages` so listing pages never reads the heavy columns.
 */
export const pageContents = sqliteTable("page_contents", {
  pageId: text("page_id")
    .primaryKey()
    .references(() => pages.id, { onDelete: "cascade" }),
  /** Yjs state as `Y.encodeStateAsUpdate`, covering every log entry up to `compactedThrough`. */
  ydoc: blob("ydoc", { mode: "buffer" }).notNull(),
  /** ProseMirror JSON of the same state (stringified). */
  json: text("json").notNull(),
  text: text("text").notNull(),
  compactedThrough: integer("compacted_through").notNull().default(0),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

/**
 * Append-only log of Yjs updates, written synchronously before the server acknowledges them.
 * Compaction folds entries into `page_contents` and deletes them in one transaction.
 */
export const pageUpdates = sqliteTable(
  "page_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    update: blob("update", { mode: "buffer" }).notNull(),
    userId: text("user_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index("page_updates_page_idx").on(t.pageId, t.id)],
);

export type Page = typeof pages.$inferSelect;
export type PageContent = typeof pageContents.$inferSelect;
