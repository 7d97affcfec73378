import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { REVISION_KINDS } from "../../schema/revisions";
import { bytea, timestampMs } from "./columns";
import { pages } from "./pages";
import { users } from "./users";

/** Twin of db/schema/revisions.ts; the comments there explain the columns. */
export const pageRevisions = pgTable(
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
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    /** JSON array, kept as text like on SQLite (it is only ever read whole). */
    contributors: text("contributors").notNull().default("[]"),
    /** The `seq` of the last page_updates entry of this page folded into the revision. */
    throughUpdateId: integer("through_update_id").notNull().default(0),
    delta: bytea("delta").notNull(),
    checkpoint: bytea("checkpoint"),
    wordsAdded: integer("words_added").notNull().default(0),
    wordsRemoved: integer("words_removed").notNull().default(0),
    wordCount: integer("word_count").notNull().default(0),
  },
  (t) => [
    uniqueIndex("page_revisions_page_number_idx").on(t.pageId, t.number),
    index("page_revisions_created_idx").on(t.createdAt),
    uniqueIndex("page_revisions_page_auto_position_idx")
      .on(t.pageId, t.throughUpdateId)
      .where(sql`kind = 'auto'`),
  ],
);
