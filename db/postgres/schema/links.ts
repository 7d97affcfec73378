import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { pages } from "./pages";
import { wikis } from "./wikis";

/** Twin of db/schema/links.ts; the comments there explain the columns. */
export const pageLinks = pgTable(
  "page_links",
  {
    sourcePageId: text("source_page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull(),
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    targetPageId: text("target_page_id"),
    targetTitle: text("target_title").notNull(),
    blockId: text("block_id"),
    context: text("context").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourcePageId, t.ordinal] }), index("page_links_target_idx").on(t.targetPageId)],
);
