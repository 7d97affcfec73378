import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { pages } from "./pages";
import { users } from "./users";
import { wikis } from "./wikis";

/** Where a strand stands toward the wiki's thesis. */
export const STANCES = ["supports", "challenges", "qualifies", "context"] as const;
export type Stance = (typeof STANCES)[number];

export const STRAND_STATUSES = ["draft", "in_review", "settled"] as const;
export type StrandStatus = (typeof STRAND_STATUSES)[number];

export const RELATION_KINDS = ["supports", "rebuts", "qualifies", "relies_on"] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/**
 * The argument-strand fields of a page (claim, stance, status). One row per page that has any;
 * kept out of `pages` so the page tree and lists stay narrow.
 */
export const strandFields = sqliteTable("strand_fields", {
  pageId: text("page_id")
    .primaryKey()
    .references(() => pages.id, { onDelete: "cascade" }),
  claim: text("claim").notNull().default(""),
  stance: text("stance", { enum: STANCES }),
  status: text("status", { enum: STRAND_STATUSES }).notNull().default("draft"),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

/** A typed, directed relation between two strands of the same wiki ("A rebuts B"). */
export const strandRelations = sqliteTable(
  "strand_relations",
  {
    id: text("id").primaryKey(),
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    fromPageId: text("from_page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    toPageId: text("to_page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: RELATION_KINDS }).notNull(),
    note: text("note").notNull().default(""),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [
    uniqueIndex("strand_relations_unique_idx").on(t.fromPageId, t.toPageId, t.kind),
    index("strand_relations_to_idx").on(t.toPageId),
    index("strand_relations_wiki_idx").on(t.wikiId),
  ],
);

export type StrandFields = typeof strandFields.$inferSelect;
export type StrandRelation = typeof strandRelations.$inferSelect;
