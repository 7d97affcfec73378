import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { getDb } from "../client";
import { pageContents, pageUpdates, suggestionDecisions, users } from "../schema";

export type SuggestionDecisionRow = typeof suggestionDecisions.$inferSelect;

export function insertSuggestionDecisions(rows: (typeof suggestionDecisions.$inferInsert)[]): void {
  const db = getDb();
  for (const row of rows) {
    // An id decided before and suggested again (a client reusing it) is decided afresh.
    const { id: _id, ...rest } = row;
    db.insert(suggestionDecisions).values(row).onConflictDoUpdate({ target: suggestionDecisions.id, set: rest }).run();
  }
}

export function findSuggestionDecision(id: string): SuggestionDecisionRow | undefined {
  return getDb().select().from(suggestionDecisions).where(eq(suggestionDecisions.id, id)).get();
}

/** A page's decided suggestions, the latest decision first. */
export function listSuggestionDecisions(pageId: string): SuggestionDecisionRow[] {
  return getDb()
    .select()
    .from(suggestionDecisions)
    .where(eq(suggestionDecisions.pageId, pageId))
    .orderBy(desc(suggestionDecisions.decidedAt), desc(suggestionDecisions.id))
    .all();
}

/** The ids of a page's decided suggestions. */
export function listDecidedSuggestionIds(pageId: string): string[] {
  return getDb()
    .select({ id: suggestionDecisions.id })
    .from(suggestionDecisions)
    .where(eq(suggestionDecisions.pageId, pageId))
    .all()
    .map((row) => row.id);
}

/**
 * Pages whose stored content may hold `text` (a suggestion id): its compacted JSON, or an update
 * logged since. A candidate only: the caller reads the page to be sure (a logged update may have
 * been undone by a later one).
 */
export function findPagesMentioning(text: string): string[] {
  const db = getDb();
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const compacted = db
    .select({ pageId: pageContents.pageId })
    .from(pageContents)
    .where(sql`${pageContents.json} LIKE ${pattern} ESCAPE '\\'`)
    .all();
  const logged = db
    .selectDistinct({ pageId: pageUpdates.pageId })
    .from(pageUpdates)
    .where(sql`instr(${pageUpdates.update}, CAST(${text} AS BLOB)) > 0`)
    .all();
  return [...new Set([...compacted, ...logged].map((row) => row.pageId))];
}

/** Display names of users by id (missing ids are left out). */
export function findUserNames(ids: string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = getDb()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(inArray(users.id, [...new Set(ids)])))
    .all();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Whether an update logged on the page after `afterUpdateId` holds `text` (a suggestion id): a
 * suggestion made or changed since then. A candidate test, like findPagesMentioning.
 */
export function isMentionedInUpdatesAfter(pageId: string, afterUpdateId: number, text: string): boolean {
  const row = getDb()
    .select({ id: pageUpdates.id })
    .from(pageUpdates)
    .where(
      and(eq(pageUpdates.pageId, pageId), gt(pageUpdates.id, afterUpdateId), sql`instr(${pageUpdates.update}, CAST(${text} AS BLOB)) > 0`),
    )
    .limit(1)
    .get();
  return row !== undefined;
}
