import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Who did what and when. Append-only: triggers in the migration refuse UPDATE and DELETE, so no
 * code path in the app can rewrite the record. Actor and wiki are kept as plain ids plus a copied
 * name, so entries outlive the accounts and wikis they mention.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    /** The wiki the event concerns; null for account-level events (sign-in, tokens). */
    wikiId: text("wiki_id"),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    /** Dotted verb, e.g. "member.role-changed", "page.renamed". */
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    /** JSON object with what changed (old/new title, role, version number...). */
    details: text("details").notNull().default("{}"),
    ip: text("ip"),
  },
  (t) => [index("audit_events_wiki_idx").on(t.wikiId, t.id), index("audit_events_actor_idx").on(t.actorId, t.id)],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
