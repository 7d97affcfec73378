import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { pages } from "./pages";
import { users } from "./users";

export const SUGGESTION_DECISIONS = ["accepted", "rejected", "withdrawn"] as const;
export type SuggestionDecision = (typeof SUGGESTION_DECISIONS)[number];

/**
 * Suggestions (issue 19) that are no longer pending. A pending suggestion lives only in the page's
 * document (its marks and block attributes); once decided it is gone from there, so what it was,
 * who made it and who decided it is kept here, for the list's `status` and for the answer 409 to a
 * second decision on it.
 */
export const suggestionDecisions = sqliteTable(
  "suggestion_decisions",
  {
    /** The suggestion's id, as its marks carried it. */
    id: text("id").primaryKey(),
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    /** Not a foreign key: the suggester's id as the document held it, kept after the account goes. */
    authorId: text("author_id").notNull(),
    kind: text("kind").notNull(),
    text: text("text").notNull(),
    /** When it was suggested (ISO 8601, as the marks carried it). */
    createdAt: text("created_at").notNull(),
    status: text("status", { enum: SUGGESTION_DECISIONS }).notNull(),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("suggestion_decisions_page_idx").on(t.pageId, t.decidedAt)],
);
