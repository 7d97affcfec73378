import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { pages } from "./pages";
import { users } from "./users";
import { wikis } from "./wikis";

/** The kinds of authority a legal team cites; each has its own fields (lib/sources). */
export const SOURCE_KINDS = ["treaty", "un_document", "judgment", "scholarship", "state_position", "other"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * One authority in a wiki's registry. Kind-specific fields (a treaty's article, a UN document's
 * symbol, a judgment's court and report) live in `fields` as JSON validated per kind, so adding a
 * field is not a migration. Merging two duplicates keeps the loser as a row pointing at the
 * survivor: citations inside page documents keep their source id and resolve through it, so a
 * merge never rewrites anyone's text.
 */
export const sources = sqliteTable(
  "sources",
  {
    id: text("id").primaryKey(),
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SOURCE_KINDS }).notNull(),
    /** The main name: treaty name, document title, case name, work title, or free text. */
    title: text("title").notNull(),
    /** Used for later references to the same source (OSCOLA short form). */
    shortTitle: text("short_title").notNull().default(""),
    /** Kind-specific fields as JSON. */
    fields: text("fields").notNull().default("{}"),
    url: text("url").notNull().default(""),
    notes: text("notes").notNull().default(""),
    /** Normalised identity (UN symbol, court + case) used to flag duplicates on entry. */
    dedupeKey: text("dedupe_key"),
    mergedInto: text("merged_into"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index("sources_wiki_idx").on(t.wikiId, t.title), index("sources_dedupe_idx").on(t.wikiId, t.dedupeKey)],
);

/**
 * Citations found in a page's compacted content, rebuilt with the search index and the links.
 * Derived data (the page's Yjs state is the truth) for "cited by" on a source's page.
 */
export const pageCitations = sqliteTable(
  "page_citations",
  {
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    /** Position in document order, 1-based: the footnote number before ibid/short forms. */
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

export type Source = typeof sources.$inferSelect;
export type PageCitation = typeof pageCitations.$inferSelect;
