import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { pages } from "./pages";

/**
 * Which instance owns each open page (issue 20: several instances on one PostgreSQL). Only the
 * owner appends to the page's update log, compacts it and writes its versions; the others forward
 * the page's messages to it. PostgreSQL only: one SQLite process is always the sole owner.
 *
 * `epoch` is the fencing token: it grows by one at every change of owner and is never reset (a
 * released lease keeps its row, expired), so an instance that was paused past its lease and
 * wakes up holding an old epoch cannot write (db/postgres/queries/page-leases.ts checks it inside
 * every append and compaction). Expiry is judged by PostgreSQL's clock alone (`now()`), never an
 * instance's, so clock skew between machines cannot make two owners.
 */
export const pageLeases = pgTable("page_leases", {
  pageId: text("page_id")
    .primaryKey()
    .references(() => pages.id, { onDelete: "cascade" }),
  owner: text("owner").notNull(),
  epoch: integer("epoch").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
});

/**
 * Tables with no SQLite twin: the leases only mean something with several instances; the search
 * index is FTS5's virtual tables on SQLite.
 */
export const POSTGRES_ONLY_TABLES = ["page_leases", "search_entries"] as const;
