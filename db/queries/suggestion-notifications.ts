import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/suggestion-notifications";
import { notifications, pageRevisions, pages, suggestionDecisions, users, wikiMembers, type SuggestionDecision } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

/**
 * The Inbox items about suggestions (issue 18/19): "suggestion" (someone suggested a change on a
 * page of yours) and "decision" (your suggestion was accepted or rejected). They point at a page
 * and a suggestion id; what the suggestion says is read from the page or its decision.
 */

export type SuggestionNotificationKind = "suggestion" | "decision";
const SUGGESTION_KINDS: SuggestionNotificationKind[] = ["suggestion", "decision"];
export const isSuggestionNotificationKind = (kind: string): kind is SuggestionNotificationKind =>
  (SUGGESTION_KINDS as string[]).includes(kind);

export type SuggestionNotificationRow = {
  id: string;
  userId: string;
  kind: SuggestionNotificationKind;
  pageId: string;
  suggestionId: string;
  actorId: string | null;
  createdAt: Date;
};

export const insertSuggestionNotifications = perDialect((db: Db, rows: SuggestionNotificationRow[]): void => {
  if (rows.length) db.insert(notifications).values(rows).run();
}, postgres.insertSuggestionNotifications);

/** The suggestion ids of a page that someone was already told about (one notice per suggestion). */
export const listNoticedSuggestionIds = perDialect((db: Db, pageId: string): Set<string> => {
  const rows = db
    .selectDistinct({ id: notifications.suggestionId })
    .from(notifications)
    .where(and(eq(notifications.pageId, pageId), eq(notifications.kind, "suggestion")))
    .all();
  return new Set(rows.map((row) => row.id).filter((id): id is string => !!id));
}, postgres.listNoticedSuggestionIds);

/** The suggestion ids of a page that were decided (accepted, rejected or withdrawn). */
export const listDecidedSuggestionIds = perDialect((db: Db, pageId: string): Set<string> => {
  const rows = db.select({ id: suggestionDecisions.id }).from(suggestionDecisions).where(eq(suggestionDecisions.pageId, pageId)).all();
  return new Set(rows.map((row) => row.id));
}, postgres.listDecidedSuggestionIds);

/**
 * Who hears of a new suggestion on a page: its creator, while still a member of the wiki, and the
 * editors and owners credited in the page's versions (the people who wrote it and may decide).
 */
export const listSuggestionAudience = perDialect((db: Db, pageId: string): string[] => {
  const page = db
    .select({ wikiId: pages.wikiId, createdBy: pages.createdBy, deletedAt: pages.deletedAt })
    .from(pages)
    .where(eq(pages.id, pageId))
    .get();
  if (!page || page.deletedAt) return [];
  const wrotePage = sql`EXISTS (SELECT 1 FROM ${pageRevisions}, json_each(${pageRevisions.contributors}) WHERE ${pageRevisions.pageId} = ${pageId} AND json_each.value = ${wikiMembers.userId})`;
  const writer = and(inArray(wikiMembers.role, ["editor", "owner"]), wrotePage);
  return db
    .select({ userId: wikiMembers.userId })
    .from(wikiMembers)
    .where(and(eq(wikiMembers.wikiId, page.wikiId), page.createdBy ? or(eq(wikiMembers.userId, page.createdBy), writer) : writer))
    .all()
    .map((row) => row.userId);
}, postgres.listSuggestionAudience);

/** Ids of the given users that exist (a suggestion's author id is whatever its marks carry). */
export const findExistingUserIds = perDialect((db: Db, ids: string[]): Set<string> => {
  if (ids.length === 0) return new Set();
  const rows = db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]))
    .all();
  return new Set(rows.map((row) => row.id));
}, postgres.findExistingUserIds);

/** The recorded decisions on these suggestion ids. */
export const findSuggestionDecisions = perDialect(
  (db: Db, ids: string[]): Map<string, { pageId: string; status: SuggestionDecision; text: string }> => {
    if (ids.length === 0) return new Map();
    const rows = db
      .select({
        id: suggestionDecisions.id,
        pageId: suggestionDecisions.pageId,
        status: suggestionDecisions.status,
        text: suggestionDecisions.text,
      })
      .from(suggestionDecisions)
      .where(inArray(suggestionDecisions.id, [...new Set(ids)]))
      .all();
    return new Map(rows.map(({ id, ...row }) => [id, row]));
  },
  postgres.findSuggestionDecisions,
);

export type SuggestionInboxRow = {
  id: string;
  kind: SuggestionNotificationKind;
  createdAt: Date;
  readAt: Date | null;
  suggestionId: string;
  pageId: string;
  pageTitle: string;
  pageSlug: string;
  wikiId: string;
  /** Who suggested ("suggestion") or decided ("decision"); null once the account is gone. */
  actorName: string | null;
};

/** A person's suggestion items on live pages, newest first. */
export const listSuggestionNotifications = perDialect(
  (db: Db, userId: string, limit = 100): SuggestionInboxRow[] =>
    db
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
      .limit(limit)
      .all()
      .filter(
        (row): row is typeof row & { kind: SuggestionNotificationKind; suggestionId: string } =>
          isSuggestionNotificationKind(row.kind) && !!row.suggestionId,
      ),
  postgres.listSuggestionNotifications,
);
