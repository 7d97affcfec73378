import { sql } from "drizzle-orm";
import { customType, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * The search index on PostgreSQL (issue 20), standing in for SQLite's FTS5 tables: one entry per
 * page and per comment, with the title and text as shown (`title`, `body`) and as searched
 * (`title_terms`, `body_terms`: folded tokens made by lib/search/query.ts foldForIndex, so the
 * index and the query fold case, accents and punctuation the same way, and a reference like
 * "A/70/174" becomes the tokens "a 70 174", as FTS5 makes them). The `simple` configuration keeps
 * every token as it is: no stemming, no stop words, like FTS5's unicode61.
 */
export const searchEntries = pgTable(
  "search_entries",
  {
    kind: text("kind", { enum: ["page", "comment"] }).notNull(),
    refId: text("ref_id").notNull(),
    wikiId: text("wiki_id").notNull(),
    pageId: text("page_id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    titleTerms: text("title_terms").notNull(),
    bodyTerms: text("body_terms").notNull(),
    /** Title hits: pages whose title alone matches come first. */
    titleDocument: tsvector("title_document")
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('simple', title_terms)`),
    /** Title words weigh ten times body words in the ranking (A and B weights). */
    document: tsvector("document")
      .notNull()
      .generatedAlwaysAs(sql`setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', body_terms), 'B')`),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.refId] }),
    index("search_entries_document_idx").using("gin", t.document),
    index("search_entries_title_document_idx").using("gin", t.titleDocument),
    index("search_entries_page_idx").on(t.pageId),
    index("search_entries_wiki_idx").on(t.wikiId),
  ],
);
