import { and, asc, eq, gt, sql } from "drizzle-orm";
import { getDbHandle, type Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/page-content";
import { pageContents, pageUpdates } from "../schema";
import { preparedQuery } from "../prepared";
import { sqliteTrimPageUpdateLog } from "./revisions";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries. On
// PostgreSQL a log entry's id is its `seq` within the page (db/postgres/schema/pages.ts).

export type StoredPageState = { ydoc: Buffer; compactedThrough: number; updates: { id: number; update: Buffer }[] };

export const insertPageContent = perDialect(
  (db: Db, content: { pageId: string; ydoc: Buffer; json: string; text: string }): void =>
    void db.insert(pageContents).values(content).run(),
  postgres.insertPageContent,
);

function sqliteFindPageContent(db: Db, pageId: string): { json: string; text: string; updatedAt: Date } | undefined {
  return db
    .select({ json: pageContents.json, text: pageContents.text, updatedAt: pageContents.updatedAt })
    .from(pageContents)
    .where(eq(pageContents.pageId, pageId))
    .get();
}

export const findPageContent = perDialect(sqliteFindPageContent, postgres.findPageContent);

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

const sqliteFindCompactedPageContent = (_db: Db, pageId: string): { json: string; text: string } | undefined =>
  compactedContent().get({ pageId });

export const findCompactedPageContent = perDialect(sqliteFindCompactedPageContent, postgres.findCompactedPageContent);

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
      // The page id as a value, not as a column of the outer query: drizzle writes a one-table
      // select's columns unqualified, and "page_id" inside the subquery would be page_updates' own
      // (the highest id of every page: any edit anywhere changed every page's version).
      last: sql<
        number | null
      >`(select max(${pageUpdates.id}) from ${pageUpdates} where ${pageUpdates.pageId} = ${sql.placeholder("pageId")})`,
    })
    .from(pageContents)
    .where(eq(pageContents.pageId, sql.placeholder("pageId")))
    .prepare(),
);

function sqlitePageContentVersion(_db: Db, pageId: string): string | undefined {
  const row = contentVersion().get({ pageId });
  return row ? `${row.through}:${row.updatedAt.getTime()}:${row.last ?? 0}` : undefined;
}

export const pageContentVersion = perDialect(sqlitePageContentVersion, postgres.pageContentVersion);

function sqliteLoadPageState(db: Db, pageId: string): StoredPageState | undefined {
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

/** Everything needed to rebuild a page's Yjs document: the compacted state and the log after it. */
export const loadPageState = perDialect(sqliteLoadPageState, postgres.loadPageState);

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

const sqliteAppendPageUpdate = (_db: Db, pageId: string, update: Uint8Array, userId: string | null): number =>
  appendStatement().get({ pageId, update: asBuffer(update), userId })!.id;

/** Appends one Yjs update to the page's log and returns its id. */
export const appendPageUpdate = perDialect(sqliteAppendPageUpdate, postgres.appendPageUpdate);

/**
 * An owner's lease on a page (several instances on PostgreSQL: db/postgres/queries/page-leases.ts):
 * a write carrying it is refused whole, writing nothing, once another instance has taken the page
 * over. SQLite has one process, always the owner, and ignores it.
 */
export type PageFence = { owner: string; epoch: number };

/** A write fenced by leases this instance no longer holds (another took the pages over). Nothing was written. */
export class StaleLeaseError extends Error {
  constructor(
    /** The pages whose lease the write no longer holds. */
    readonly pageIds: string[],
    detail: string,
  ) {
    super(detail);
    this.name = "StaleLeaseError";
  }
}

export type LogEntry = { pageId: string; update: Uint8Array; userId: string | null; fence?: PageFence };

/**
 * Called inside a write's transaction, its rows written, just before the commit. Only the
 * failpoints use it (lib/server/failpoints.ts): a crash there must find the write uncommitted.
 */
export type BeforeCommit = () => void;

/**
 * Appends several updates (any pages) in one transaction, so one commit covers them all; returns
 * their ids in order. All or none: on an error nothing of the batch is in the log. On SQLite,
 * outside an open transaction, the write is done within the call (the group commit relies on
 * it to stay as fast as it was synchronous); the promise only carries the ids.
 */
export const appendPageUpdates = perDialect((_db: Db, entries: LogEntry[], beforeCommit?: BeforeCommit): number[] => {
  // better-sqlite3 directly: drizzle's per-row placeholder filling and result mapping cost more
  // than the insert (bench: ingest, one row per keystroke per editor). The connection reuses the
  // statement (lib/patches/better-sqlite3.ts).
  const { sqlite } = getDbHandle();
  const insert = sqlite.prepare('INSERT INTO page_updates (page_id, "update", user_id) VALUES (?, ?, ?)');
  return sqlite
    .transaction(() => {
      const ids = entries.map((entry) => Number(insert.run(entry.pageId, asBuffer(entry.update), entry.userId).lastInsertRowid));
      beforeCommit?.();
      return ids;
    })
    .immediate();
}, postgres.appendPageUpdates);

/**
 * Folds the log up to `throughId` into the stored state, in one transaction: either the new state
 * and the shortened log are both on disk, or neither is. Entries not yet covered by a revision
 * stay in the log (their authors become that revision's contributors).
 */
export const compactPageState = perDialect(
  (
    db: Db,
    pageId: string,
    state: { ydoc: Buffer; json: string; text: string; throughId: number },
    _fence?: PageFence,
    beforeCommit?: BeforeCommit,
  ): void => {
    db.transaction(
      () => {
        db.update(pageContents)
          .set({ ydoc: state.ydoc, json: state.json, text: state.text, compactedThrough: state.throughId, updatedAt: new Date() })
          .where(eq(pageContents.pageId, pageId))
          .run();
        sqliteTrimPageUpdateLog(db, pageId);
        beforeCommit?.();
      },
      { behavior: "immediate" },
    );
  },
  postgres.compactPageState,
);

/**
 * A count that grows by one with every append and never goes back, 0 before the first (bench:
 * ingest counts appends with it). SQLite: the highest id ever given (AUTOINCREMENT never reuses one).
 */
export const lastUpdateLogId = perDialect(
  (db: Db): number => db.get<{ seq: number } | undefined>(sql`SELECT seq FROM sqlite_sequence WHERE name = 'page_updates'`)?.seq ?? 0,
  postgres.lastUpdateLogId,
);

export const countPageUpdates = perDialect(
  (db: Db, pageId: string): number =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(pageUpdates)
      .where(eq(pageUpdates.pageId, pageId))
      .get()?.n ?? 0,
  postgres.countPageUpdates,
);
