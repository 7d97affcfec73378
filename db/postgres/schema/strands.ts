import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { RELATION_KINDS, STANCES, STRAND_STATUSES } from "../../schema/strands";
import { timestampMs } from "./columns";
import { pages } from "./pages";
import { users } from "./users";
import { wikis } from "./wikis";

/** Twins of db/schema/strands.ts; the comments there explain the columns. */
export const strandFields = pgTable("strand_fields", {
  pageId: text("page_id")
    .primaryKey()
    .references(() => pages.id, { onDelete: "cascade" }),
  claim: text("claim").notNull().default(""),
  stance: text("stance", { enum: STANCES }),
  status: text("status", { enum: STRAND_STATUSES }).notNull().default("draft"),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestampMs("updated_at").notNull().defaultNow(),
});

export const strandRelations = pgTable(
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
    createdAt: timestampMs("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("strand_relations_unique_idx").on(t.fromPageId, t.toPageId, t.kind),
    index("strand_relations_to_idx").on(t.toPageId),
    index("strand_relations_wiki_idx").on(t.wikiId),
  ],
);
