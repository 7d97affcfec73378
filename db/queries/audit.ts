import { and, desc, eq, exists, gte, isNull, like, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/audit";
import { auditEvents, wikiMembers, type AuditEvent } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export type NewAuditEvent = {
  at: Date;
  wikiId: string | null;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** Already serialised JSON. */
  details: string;
  ip: string | null;
};

/**
 * Appends one event. There is deliberately no update or delete here: the table's triggers
 * refuse both, and the app has no reason to try.
 */
export const insertAuditEvent = perDialect(sqliteInsertAuditEvent, postgres.insertAuditEvent);

function sqliteInsertAuditEvent(db: Db, event: NewAuditEvent): void {
  db.insert(auditEvents).values(event).run();
}

export type AuditFilter = {
  actorId?: string;
  /** An exact action ("page.renamed"), or a category ("page") matching every action in it. */
  action?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  /** Only events older than this id (the "Older" cursor). */
  beforeId?: number;
};

/**
 * What a wiki's audit log shows: the wiki's own events, plus the account-level ones (sign-ins,
 * tokens; stored without a wiki) of people who are members now, and only from the time they
 * joined, so an owner does not see a member's activity from before they shared anything.
 */
function visibleInWiki(db: Db, wikiId: string): SQL {
  const membership = db
    .select({ one: sql`1` })
    .from(wikiMembers)
    .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.userId, auditEvents.actorId), lte(wikiMembers.createdAt, auditEvents.at)));
  return or(eq(auditEvents.wikiId, wikiId), and(isNull(auditEvents.wikiId), exists(membership)))!;
}

function matchesAction(action: string): SQL {
  if (action.includes(".")) return eq(auditEvents.action, action);
  // Callers validate categories to [a-z-]+, so the pattern holds no LIKE wildcards of its own.
  return or(eq(auditEvents.action, action), like(auditEvents.action, `${action}.%`))!;
}

/** A wiki's audit events matching `filter`, newest first, at most `limit` of them. */
export const listAuditEvents = perDialect(sqliteListAuditEvents, postgres.listAuditEvents);

function sqliteListAuditEvents(db: Db, wikiId: string, filter: AuditFilter, limit: number): AuditEvent[] {
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
    .limit(limit)
    .all();
}
