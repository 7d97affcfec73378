import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { suggestionDecisions as sqliteSuggestionDecisions } from "../../schema";
import type { SuggestionDecisionRow } from "../../queries/suggestions";
import { containsPattern } from "../../queries/like-pattern";
import type { PgExecutor } from "../client";
import { pageContents, pageUpdates, suggestionDecisions, users } from "../schema";

/** PostgreSQL side of db/queries/suggestions.ts (the comments there say what each does). */

export async function insertSuggestionDecisions(db: PgExecutor, rows: (typeof sqliteSuggestionDecisions.$inferInsert)[]): Promise<void> {
  for (const row of rows) {
    const { id: _id, ...rest } = row;
    await db.insert(suggestionDecisions).values(row).onConflictDoUpdate({ target: suggestionDecisions.id, set: rest });
  }
}

export async function findSuggestionDecision(db: PgExecutor, id: string): Promise<SuggestionDecisionRow | undefined> {
  const [row] = await db.select().from(suggestionDecisions).where(eq(suggestionDecisions.id, id));
  return row;
}

export async function listSuggestionDecisions(db: PgExecutor, pageId: string): Promise<SuggestionDecisionRow[]> {
  return db
    .select()
    .from(suggestionDecisions)
    .where(eq(suggestionDecisions.pageId, pageId))
    .orderBy(desc(suggestionDecisions.decidedAt), desc(suggestionDecisions.id));
}

export async function listDecidedSuggestionIds(db: PgExecutor, pageId: string): Promise<string[]> {
  const rows = await db.select({ id: suggestionDecisions.id }).from(suggestionDecisions).where(eq(suggestionDecisions.pageId, pageId));
  return rows.map((row) => row.id);
}

export async function lockPageForDecisions(db: PgExecutor, pageId: string): Promise<void> {
  // Held until the transaction ends: a second decision on the page (another instance, or the CLI)
  // waits, then reads the body the first one wrote.
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`suggestion-decisions:${pageId}`}, 0))`);
}

export async function findPagesMentioning(db: PgExecutor, text: string): Promise<string[]> {
  // One statement, so one snapshot: as two, a compaction committing in between (the text folded
  // into the stored JSON after the first read, its log rows trimmed before the second) hid the
  // page from both, and a suggestion just written was "not found" (seen once in the suite).
  const rows = await db
    .select({ pageId: pageContents.pageId })
    .from(pageContents)
    .where(sql`${pageContents.json} LIKE ${containsPattern(text)} ESCAPE '\\'`)
    .union(
      db
        .select({ pageId: pageUpdates.pageId })
        .from(pageUpdates)
        .where(sql`position(convert_to(${text}, 'UTF8') in ${pageUpdates.update}) > 0`),
    );
  return rows.map((row) => row.pageId);
}

export async function findUserNames(db: PgExecutor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function isMentionedInUpdatesAfter(db: PgExecutor, pageId: string, afterUpdateId: number, text: string): Promise<boolean> {
  // The log's `seq` plays SQLite's `id` within a page (db/postgres/schema/pages.ts).
  const [row] = await db
    .select({ seq: pageUpdates.seq })
    .from(pageUpdates)
    .where(
      and(
        eq(pageUpdates.pageId, pageId),
        gt(pageUpdates.seq, afterUpdateId),
        sql`position(convert_to(${text}, 'UTF8') in ${pageUpdates.update}) > 0`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
