import { and, asc, eq, gt, sql } from "drizzle-orm";
import { getDb, getDbHandle, writeTransaction } from "../client";
import { pageContents, pageUpdates } from "../schema";
import { preparedQuery } from "../prepared";
import { trimPageUpdateLog } from "./revisions";

export type StoredPageState = { ydoc: Buffer; compactedThrough: number; updates: { id: number; update: Buffer }[] };

export function insertPageContent(content: { pageId: string; ydoc: Buffer; json: string; text: string }): void {
  getDb().insert(pageContents).values(content).run();
}

export function findPageContent(pageId: string): { json: string; text: string; updatedAt: Date } | undefined {
  return getDb()
    .select({ json: pageContents.json, text: pageContents.text, updatedAt: pageContents.updatedAt })
    .from(pageContents)
    .where(eq(pageContents.pageId, pageId))
    .get();
}

/**
 * The page's stored JSON and text when they are current (nothing logged after the last
 * compaction), without reading the Yjs state: the common case for a page view.
 */
// Every page view reads this: built once (db/prepared.ts).
const compactedContent = preparedQuery((db) =>
  db
    .select({ json: pageContents.json, text: pageContents.text })
    .from(pageContents)
    .where(
      and(
        eq(pageContents.pageId, sql.placeholder("pageId")),
        sql`not exists (select 1 from ${pageUpdates} where ${pageUpdates.pageId} = ${pageContents.pageId} and ${pageUpdates.id} > ${pageContents.compactedThrough})`,
      ),
    )
    .prepare(),
);

export function findCompactedPageContent(pageId: string): { json: string; text: string } | undefined {
  return compactedContent().get({ pageId });
}

/**
 * A key for the stored content as it is now: it changes whenever an update is logged or the page
 * is compacted, so a copy built from storage can be reused while the key holds.
 */
// Every page view asks (the render cache and the shared comment-anchor doc): built once (db/prepared.ts).
const contentVersion = preparedQuery((db) =>
  db
    .select({
      through: pageContents.compactedThrough,
      updatedAt: pageContents.updatedAt,
      last: sql<number | null>`(select max(${pageUpdates.id}) from ${pageUpdates} where ${pageUpdates.pageId} = ${pageContents.pageId})`,
    })
    .from(pageContents)
    .where(eq(pageContents.pageId, sql.placeholder("pageId")))
    .prepare(),
);

export function pageContentVersion(pageId: string): string | undefined {
  const row = contentVersion().get({ pageId });
  return row ? `${row.through}:${row.updatedAt.getTime()}:${row.last ?? 0}` : undefined;
}

/** Everything needed to rebuild a page's Yjs document: the compacted state and the log after it. */
export function loadPageState(pageId: string): StoredPageState | undefined {
  const db = getDb();
  return db.transaction(() => {
    const content = db
      .select({ ydoc: pageContents.ydoc, compactedThrough: pageContents.compactedThrough })
      .from(pageContents)
      .where(eq(pageContents.pageId, pageId))
      .get();
    if (!content) return undefined;
    const updates = db
      .select({ id: pageUpdates.id, update: pageUpdates.update })
      .from(pageUpdates)
      .where(and(eq(pageUpdates.pageId, pageId), gt(pageUpdates.id, content.compactedThrough)))
      .orderBy(asc(pageUpdates.id))
      .all();
    return { ...content, updates };
  });
}

// Appending runs once per keystroke per editor: building the query each time cost more than the
// insert itself (bench: ingest).
const appendStatement = preparedQuery((db) =>
  db
    .insert(pageUpdates)
    .values({ pageId: sql.placeholder("pageId"), update: sql.placeholder("update"), userId: sql.placeholder("userId") })
    .returning({ id: pageUpdates.id })
    .prepare(),
);

const asBuffer = (update: Uint8Array) => Buffer.from(update.buffer, update.byteOffset, update.byteLength);

/** Appends one Yjs update to the page's log and returns its id. Synchronous: durable on return. */
export function appendPageUpdate(pageId: string, update: Uint8Array, userId: string | null): number {
  return appendStatement().get({ pageId, update: asBuffer(update), userId })!.id;
}

export type LogEntry = { pageId: string; update: Uint8Array; userId: string | null };

/**
 * Appends several updates (any pages) in one transaction, so one commit covers them all; returns
 * their ids in order. All or none: on an error nothing of the batch is in the log.
 */
export function appendPageUpdates(entries: LogEntry[]): number[] {
  // better-sqlite3 directly: drizzle's per-row placeholder filling and result mapping cost more
  // than the insert (bench: ingest, one row per keystroke per editor). The connection reuses the
  // statement (lib/patches/better-sqlite3.ts).
  const { sqlite } = getDbHandle();
  const insert = sqlite.prepare('INSERT INTO page_updates (page_id, "update", user_id) VALUES (?, ?, ?)');
  return sqlite
    .transaction(() => entries.map((entry) => Number(insert.run(entry.pageId, asBuffer(entry.update), entry.userId).lastInsertRowid)))
    .immediate();
}

/**
 * Folds the log up to `throughId` into the stored state, in one transaction: either the new state
 * and the shortened log are both on disk, or neither is. Entries not yet covered by a revision
 * stay in the log (their authors become that revision's contributors).
 */
export function compactPageState(pageId: string, state: { ydoc: Buffer; json: string; text: string; throughId: number }): void {
  const db = getDb();
  writeTransaction(() => {
    db.update(pageContents)
      .set({ ydoc: state.ydoc, json: state.json, text: state.text, compactedThrough: state.throughId, updatedAt: new Date() })
      .where(eq(pageContents.pageId, pageId))
      .run();
    trimPageUpdateLog(pageId);
  });
}

/** The highest id ever given to an update-log row (AUTOINCREMENT never reuses one), 0 before the first. */
export function lastUpdateLogId(): number {
  return getDb().get<{ seq: number } | undefined>(sql`SELECT seq FROM sqlite_sequence WHERE name = 'page_updates'`)?.seq ?? 0;
}

export function countPageUpdates(pageId: string): number {
  return (
    getDb()
      .select({ n: sql<number>`count(*)` })
      .from(pageUpdates)
      .where(eq(pageUpdates.pageId, pageId))
      .get()?.n ?? 0
  );
}
