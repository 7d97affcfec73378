import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { pages } from "./pages";
import { wikis } from "./wikis";

/**
 * Wiki links found in a page's compacted content, rebuilt whenever the page is compacted.
 * Derived data: the page's Yjs state stays the source of truth. A link to a page that does not
 * exist yet has no target id, only the title it was written with.
 */
export const pageLinks = sqliteTable(
  "page_links",
  {
    sourcePageId: text("source_page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    /** Position of the link in the source page, so one page may link to the same target twice. */
    ordinal: integer("ordinal").notNull(),
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    targetPageId: text("target_page_id"),
    targetTitle: text("target_title").notNull(),
    /** Stable id of the block that holds the link, for "Linked from" jumps. */
    blockId: text("block_id"),
    /** The sentence around the link, as plain text. */
    context: text("context").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourcePageId, t.ordinal] }), index("page_links_target_idx").on(t.targetPageId)],
);

export type PageLink = typeof pageLinks.$inferSelect;
