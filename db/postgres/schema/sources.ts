import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { SOURCE_KINDS } from "../../schema/sources";
import { timestampMs } from "./columns";
import { pages } from "./pages";
import { users } from "./users";
import { wikis } from "./wikis";

/** Twins of db/schema/sources.ts; the comments there explain the columns. */
export const sources = pgTable(
  "sources",
  {
    id: text("id").primaryKey(),
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SOURCE_KINDS }).notNull(),
    title: text("title").notNull(),
    shortTitle: text("short_title").notNull().default(""),
    /** Kind-specific fields as JSON, kept as text like on SQLite (validated per kind in lib/sources). */
    fields: text("fields").notNull().default("{}"),
    url: text("url").notNull().default(""),
    notes: text("notes").notNull().default(""),
    dedupeKey: text("dedupe_key"),
    mergedInto: text("merged_into"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
  },
  (t) => [index("sources_wiki_idx").on(t.wikiId, t.title), index("sources_dedupe_idx").on(t.wikiId, t.dedupeKey)],
);

export const pageCitations = pgTable(
  "page_citations",
  {
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull(),
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    sourceId: text("source_id").notNull(),
    pinpoint: text("pinpoint").notNull().default(""),
    blockId: text("block_id"),
    context: text("context").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.pageId, t.ordinal] }), index("page_citations_source_idx").on(t.sourceId)],
);
