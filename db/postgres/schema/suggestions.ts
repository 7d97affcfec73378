import { index, pgTable, text } from "drizzle-orm/pg-core";
import { SUGGESTION_DECISIONS } from "../../schema/suggestions";
import { timestampMs } from "./columns";
import { pages } from "./pages";
import { users } from "./users";

/** Twin of db/schema/suggestions.ts; the comments there explain the columns. */
export const suggestionDecisions = pgTable(
  "suggestion_decisions",
  {
    id: text("id").primaryKey(),
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    authorId: text("author_id").notNull(),
    kind: text("kind").notNull(),
    text: text("text").notNull(),
    createdAt: text("created_at").notNull(),
    status: text("status", { enum: SUGGESTION_DECISIONS }).notNull(),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestampMs("decided_at").notNull(),
  },
  (t) => [index("suggestion_decisions_page_idx").on(t.pageId, t.decidedAt)],
);
