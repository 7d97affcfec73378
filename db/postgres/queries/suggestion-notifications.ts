import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { SuggestionDecision } from "../../schema";
import {
  isSuggestionNotificationKind,
  type SuggestionInboxRow,
  type SuggestionNotificationKind,
  type SuggestionNotificationRow,
} from "../../queries/suggestion-notifications";
import type { PgExecutor } from "../client";
import { notifications, pageRevisions, pages, suggestionDecisions, users, wikiMembers } from "../schema";

/** PostgreSQL side of db/queries/suggestion-notifications.ts (the comments there say what each does). */

const SUGGESTION_KINDS: SuggestionNotificationKind[] = ["suggestion", "decision"];

export async function insertSuggestionNotifications(db: PgExecutor, rows: SuggestionNotificationRow[]): Promise<void> {
  if (rows.length) await db.insert(notifications).values(rows);
}

export async function listNoticedSuggestionIds(db: PgExecutor, pageId: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ id: notifications.suggestionId })
    .from(notifications)
    .where(and(eq(notifications.pageId, pageId), eq(notifications.kind, "suggestion")));
  return new Set(rows.map((row) => row.id).filter((id): id is string => !!id));
}

export async function listDecidedSuggestionIds(db: PgExecutor, pageId: string): Promise<Set<string>> {
  const rows = await db.select({ id: suggestionDecisions.id }).from(suggestionDecisions).where(eq(suggestionDecisions.pageId, pageId));
  return new Set(rows.map((row) => row.id));
}

export async function listSuggestionAudience(db: PgExecutor, pageId: string): Promise<string[]> {
  const [page] = await db
    .select({ wikiId: pages.wikiId, createdBy: pages.createdBy, deletedAt: pages.deletedAt })
    .from(pages)
    .where(eq(pages.id, pageId));
  if (!page || page.deletedAt) return [];
  // contributors is JSON text, as on SQLite (json_each there).
  const wrotePage = sql`EXISTS (SELECT 1 FROM ${pageRevisions}, jsonb_array_elements_text(${pageRevisions.contributors}::jsonb) AS contributor(id) WHERE ${pageRevisions.pageId} = ${pageId} AND contributor.id = ${wikiMembers.userId})`;
  const writer = and(inArray(wikiMembers.role, ["editor", "owner"]), wrotePage);
  const rows = await db
    .select({ userId: wikiMembers.userId })
    .from(wikiMembers)
    .where(and(eq(wikiMembers.wikiId, page.wikiId), page.createdBy ? or(eq(wikiMembers.userId, page.createdBy), writer) : writer));
  return rows.map((row) => row.userId);
}

export async function findExistingUserIds(db: PgExecutor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Set(rows.map((row) => row.id));
}

export async function findSuggestionDecisions(
  db: PgExecutor,
  ids: string[],
): Promise<Map<string, { pageId: string; status: SuggestionDecision; text: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: suggestionDecisions.id,
      pageId: suggestionDecisions.pageId,
      status: suggestionDecisions.status,
      text: suggestionDecisions.text,
    })
    .from(suggestionDecisions)
    .where(inArray(suggestionDecisions.id, [...new Set(ids)]));
  return new Map(rows.map(({ id, ...row }) => [id, row]));
}

export async function listSuggestionNotifications(db: PgExecutor, userId: string, limit = 100): Promise<SuggestionInboxRow[]> {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      suggestionId: notifications.suggestionId,
      pageId: pages.id,
      pageTitle: pages.title,
      pageSlug: pages.slug,
      wikiId: pages.wikiId,
      actorName: users.name,
    })
    .from(notifications)
    .innerJoin(pages, eq(pages.id, notifications.pageId))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(and(eq(notifications.userId, userId), inArray(notifications.kind, SUGGESTION_KINDS), isNull(pages.deletedAt)))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  return rows.filter(
    (row): row is typeof row & { kind: SuggestionNotificationKind; suggestionId: string } =>
      isSuggestionNotificationKind(row.kind) && !!row.suggestionId,
  );
}
