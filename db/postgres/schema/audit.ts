import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";

/**
 * Twin of db/schema/audit.ts. Append-only here too: the migration adds triggers that refuse
 * UPDATE and DELETE (db/postgres/migrations, "audit_append_only"). The id is an identity column
 * that accepts explicit values, so `migrate-to-postgres` keeps SQLite's ids (and their order).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestampMs("at").notNull().defaultNow(),
    wikiId: text("wiki_id"),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    /** JSON object, kept as text like on SQLite (written and read whole). */
    details: text("details").notNull().default("{}"),
    ip: text("ip"),
  },
  (t) => [index("audit_events_wiki_idx").on(t.wikiId, t.id), index("audit_events_actor_idx").on(t.actorId, t.id)],
);
