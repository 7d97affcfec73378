import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/suggestions";
import { containsPattern } from "./like-pattern";
import { pageContents, pageUpdates, suggestionDecisions, users } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export type SuggestionDecisionRow = typeof suggestionDecisions.$inferSelect;

export const insertSuggestionDecisions = perDialect((db: Db, rows: (typeof suggestionDecisions.$inferInsert)[]): void => {
  for (const row of rows) {
    // An id decided before and suggested again (a client reusing it) is decided afresh.
    const { id: _id, ...rest } = row;
    db.insert(suggestionDecisions).values(row).onConflictDoUpdate({ target: suggestionDecisions.id, set: rest }).run();
  }
}, postgres.insertSuggestionDecisions);

export const findSuggestionDecision = perDialect(
  (db: Db, id: string): SuggestionDecisionRow | undefined =>
    db.select().from(suggestionDecisions).where(eq(suggestionDecisions.id, id)).get(),
  postgres.findSuggestionDecision,
);

function sqliteListSuggestionDecisions(db: Db, pageId: string): SuggestionDecisionRow[] {
  return db
    .select()
    .from(suggestionDecisions)
    .where(eq(suggestionDecisions.pageId, pageId))
    .orderBy(desc(suggestionDecisions.decidedAt), desc(suggestionDecisions.id))
    .all();
}

/** A page's decided suggestions, the latest decision first. */
export const listSuggestionDecisions = perDialect(sqliteListSuggestionDecisions, postgres.listSuggestionDecisions);

/** The ids of a page's decided suggestions. */
export const listDecidedSuggestionIds = perDialect(
  (db: Db, pageId: string): string[] =>
    db
      .select({ id: suggestionDecisions.id })
      .from(suggestionDecisions)
      .where(eq(suggestionDecisions.pageId, pageId))
      .all()
      .map((row) => row.id),
  postgres.listDecidedSuggestionIds,
);

/**
 * Inside a transaction, makes decisions on the page wait for each other: the caller reads the
 * page's body after this, so a second decision reads what the first one wrote. On SQLite the
 * transaction's write lock already does that.
 */
export const lockPageForDecisions = perDialect((_db: Db, _pageId: string): void => undefined, postgres.lockPageForDecisions);

/**
 * Pages whose stored content may hold `text` (a suggestion id): its compacted JSON, or an update
 * logged since. A candidate only: the caller reads the page to be sure (a logged update may have
 * been undone by a later one).
 */
export const findPagesMentioning = perDialect((db: Db, text: string): string[] => {
  const compacted = db
    .select({ pageId: pageContents.pageId })
    .from(pageContents)
    .where(sql`${pageContents.json} LIKE ${containsPattern(text)} ESCAPE '\\'`)
    .all();
  const logged = db
    .selectDistinct({ pageId: pageUpdates.pageId })
    .from(pageUpdates)
    .where(sql`instr(${pageUpdates.update}, CAST(${text} AS BLOB)) > 0`)
    .all();
  return [...new Set([...compacted, ...logged].map((row) => row.pageId))];
}, postgres.findPagesMentioning);

function sqliteFindUserNames(db: Db, ids: string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Display names of users by id (missing ids are left out). */
export const findUserNames = perDialect(sqliteFindUserNames, postgres.findUserNames);

function sqliteIsMentionedInUpdatesAfter(db: Db, pageId: string, afterUpdateId: number, text: string): boolean {
  const row = db
    .select({ id: pageUpdates.id })
    .from(pageUpdates)
    .where(
      and(eq(pageUpdates.pageId, pageId), gt(pageUpdates.id, afterUpdateId), sql`instr(${pageUpdates.update}, CAST(${text} AS BLOB)) > 0`),
    )
    .limit(1)
    .get();
  return row !== undefined;
}

/**
 * Whether an update logged on the page after `afterUpdateId` holds `text` (a suggestion id): a
 * suggestion made or changed since then. A candidate test, like findPagesMentioning.
 */
export const isMentionedInUpdatesAfter = perDialect(sqliteIsMentionedInUpdatesAfter, postgres.isMentionedInUpdatesAfter);
