import { and, desc, eq, exists, gte, isNull, like, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { AuditEvent } from "../../schema";
import type { AuditFilter, NewAuditEvent } from "../../queries/audit";
import type { PgExecutor } from "../client";
import { auditEvents, wikiMembers } from "../schema";

/** PostgreSQL side of db/queries/audit.ts (the comments there say what each does and why). */

export async function insertAuditEvent(db: PgExecutor, event: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
}

function visibleInWiki(db: PgExecutor, wikiId: string): SQL {
  const membership = db
    .select({ one: sql`1` })
    .from(wikiMembers)
    .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.userId, auditEvents.actorId), lte(wikiMembers.createdAt, auditEvents.at)));
  return or(eq(auditEvents.wikiId, wikiId), and(isNull(auditEvents.wikiId), exists(membership)))!;
}

function matchesAction(action: string): SQL {
  if (action.includes(".")) return eq(auditEvents.action, action);
  return or(eq(auditEvents.action, action), like(auditEvents.action, `${action}.%`))!;
}

export async function listAuditEvents(db: PgExecutor, wikiId: string, filter: AuditFilter, limit: number): Promise<AuditEvent[]> {
  const conditions: SQL[] = [visibleInWiki(db, wikiId)];
  if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.action) conditions.push(matchesAction(filter.action));
  if (filter.from) conditions.push(gte(auditEvents.at, filter.from));
  if (filter.to) conditions.push(lt(auditEvents.at, filter.to));
  if (filter.beforeId !== undefined) conditions.push(lt(auditEvents.id, filter.beforeId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}
