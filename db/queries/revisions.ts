import { and, asc, desc, eq, gt, gte, isNotNull, lte, max, sql } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/revisions";
import { pageContents, pageRevisions, pages, pageUpdates, type PageRevision } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries. A log
// position ("update id") is the global page_updates id on SQLite and the page's own seq on
// PostgreSQL; either way it orders one page's entries.

/** Revision metadata without the Yjs blobs, for lists and headers. */
export type RevisionMeta = Omit<PageRevision, "delta" | "checkpoint">;

export type RevisionLink = { number: number; delta: Buffer; checkpoint: Buffer | null };

export type RecentRevision = RevisionMeta & { pageTitle: string; pageSlug: string };

const metaColumns = {
  id: pageRevisions.id,
  pageId: pageRevisions.pageId,
  number: pageRevisions.number,
  kind: pageRevisions.kind,
  name: pageRevisions.name,
  note: pageRevisions.note,
  createdBy: pageRevisions.createdBy,
  createdAt: pageRevisions.createdAt,
  contributors: pageRevisions.contributors,
  throughUpdateId: pageRevisions.throughUpdateId,
  wordsAdded: pageRevisions.wordsAdded,
  wordsRemoved: pageRevisions.wordsRemoved,
  wordCount: pageRevisions.wordCount,
};

export const latestRevision = perDialect(
  (db: Db, pageId: string): RevisionMeta | undefined =>
    db.select(metaColumns).from(pageRevisions).where(eq(pageRevisions.pageId, pageId)).orderBy(desc(pageRevisions.number)).limit(1).get(),
  postgres.latestRevision,
);

export const listRevisions = perDialect((db: Db, pageId: string, options: { namedOnly?: boolean } = {}): RevisionMeta[] => {
  const where = options.namedOnly ? and(eq(pageRevisions.pageId, pageId), isNotNull(pageRevisions.name)) : eq(pageRevisions.pageId, pageId);
  return db.select(metaColumns).from(pageRevisions).where(where).orderBy(desc(pageRevisions.number)).all();
}, postgres.listRevisions);

export const findRevision = perDialect(
  (db: Db, pageId: string, number: number): RevisionMeta | undefined =>
    db
      .select(metaColumns)
      .from(pageRevisions)
      .where(and(eq(pageRevisions.pageId, pageId), eq(pageRevisions.number, number)))
      .get(),
  postgres.findRevision,
);

/** The blobs needed to rebuild revision `number`: the nearest checkpoint at or before it, then each delta up to it. */
export const revisionChain = perDialect((db: Db, pageId: string, number: number): RevisionLink[] => {
  // One statement, so a revision recorded in between cannot split the chain from its checkpoint.
  const base = db
    .select({ n: max(pageRevisions.number) })
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), lte(pageRevisions.number, number), isNotNull(pageRevisions.checkpoint)));
  return db
    .select({ number: pageRevisions.number, delta: pageRevisions.delta, checkpoint: pageRevisions.checkpoint })
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), gte(pageRevisions.number, base), lte(pageRevisions.number, number)))
    .orderBy(asc(pageRevisions.number))
    .all();
}, postgres.revisionChain);

/** The deltas of revisions in (after, through], oldest first: applied in order, they replay those versions. */
export const revisionDeltasBetween = perDialect(
  (db: Db, pageId: string, after: number, through: number): { number: number; delta: Buffer }[] =>
    db
      .select({ number: pageRevisions.number, delta: pageRevisions.delta })
      .from(pageRevisions)
      .where(and(eq(pageRevisions.pageId, pageId), gt(pageRevisions.number, after), lte(pageRevisions.number, through)))
      .orderBy(asc(pageRevisions.number))
      .all(),
  postgres.revisionDeltasBetween,
);

/**
 * Inserts a revision unless one already has its number, or is an automatic one covering the same
 * log position (db/schema/revisions.ts): true when it was inserted. Two instances, or two callers,
 * recording the same version at once thus leave exactly one.
 */
export const insertRevision = perDialect(
  (db: Db, revision: typeof pageRevisions.$inferInsert): boolean =>
    db.insert(pageRevisions).values(revision).onConflictDoNothing().run().changes === 1,
  postgres.insertRevision,
);

/** The logged updates in (afterId, throughId], oldest first. */
export const logUpdatesBetween = perDialect(
  (db: Db, pageId: string, afterId: number, throughId: number): Buffer[] =>
    db
      .select({ update: pageUpdates.update })
      .from(pageUpdates)
      .where(and(eq(pageUpdates.pageId, pageId), gt(pageUpdates.id, afterId), lte(pageUpdates.id, throughId)))
      .orderBy(asc(pageUpdates.id))
      .all()
      .map((r) => r.update),
  postgres.logUpdatesBetween,
);

/**
 * Distinct authors of the logged updates in (afterId, throughId], or after afterId to the end of
 * the log without throughId (a bound such as Number.MAX_SAFE_INTEGER would not fit PostgreSQL's
 * integer `seq`).
 */
export const updateAuthorsBetween = perDialect(
  (db: Db, pageId: string, afterId: number, throughId?: number): string[] =>
    db
      .selectDistinct({ userId: pageUpdates.userId })
      .from(pageUpdates)
      .where(
        and(
          eq(pageUpdates.pageId, pageId),
          gt(pageUpdates.id, afterId),
          throughId === undefined ? undefined : lte(pageUpdates.id, throughId),
          isNotNull(pageUpdates.userId),
        ),
      )
      .all()
      .map((r) => r.userId!)
      .sort(),
  postgres.updateAuthorsBetween,
);

/**
 * Log entries may go once they are both compacted into the stored state and covered by a
 * revision (whose contributors are read from the log). Synchronous, for compaction's own SQLite
 * transaction (db/queries/page-content.ts).
 */
export function sqliteTrimPageUpdateLog(db: Db, pageId: string): void {
  const compacted =
    db.select({ through: pageContents.compactedThrough }).from(pageContents).where(eq(pageContents.pageId, pageId)).get()?.through ?? 0;
  const revised =
    db
      .select({ through: max(pageRevisions.throughUpdateId) })
      .from(pageRevisions)
      .where(eq(pageRevisions.pageId, pageId))
      .get()?.through ?? 0;
  const limit = Math.min(compacted, revised);
  if (limit > 0)
    db.delete(pageUpdates)
      .where(and(eq(pageUpdates.pageId, pageId), lte(pageUpdates.id, limit)))
      .run();
}

export const trimPageUpdateLog = perDialect(sqliteTrimPageUpdateLog, postgres.trimPageUpdateLog);

/** Versions across a wiki's live pages, newest first. */
export const listRecentRevisions = perDialect(
  (db: Db, wikiId: string, options: { limit?: number; pageId?: string; userId?: string } = {}): RecentRevision[] => {
    const conditions = [eq(pages.wikiId, wikiId), sql`${pages.deletedAt} IS NULL`];
    if (options.pageId) conditions.push(eq(pageRevisions.pageId, options.pageId));
    if (options.userId)
      conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${pageRevisions.contributors}) WHERE json_each.value = ${options.userId})`);
    return db
      .select({ ...metaColumns, pageTitle: pages.title, pageSlug: pages.slug })
      .from(pageRevisions)
      .innerJoin(pages, eq(pages.id, pageRevisions.pageId))
      .where(and(...conditions))
      .orderBy(desc(pageRevisions.createdAt), desc(pageRevisions.number))
      .limit(options.limit ?? 100)
      .all();
  },
  postgres.listRecentRevisions,
);

/** Each version's stored sizes, in bytes, oldest first (the history benchmark's breakdown). */
export type RevisionSize = { number: number; deltaBytes: number; checkpointBytes: number };

export const revisionSizes = perDialect(
  (db: Db, pageId: string): RevisionSize[] =>
    db
      .select({
        number: pageRevisions.number,
        deltaBytes: sql<number>`length(${pageRevisions.delta})`,
        checkpointBytes: sql<number>`coalesce(length(${pageRevisions.checkpoint}), 0)`,
      })
      .from(pageRevisions)
      .where(eq(pageRevisions.pageId, pageId))
      .orderBy(asc(pageRevisions.number))
      .all(),
  postgres.revisionSizes,
);

/** Total bytes of a page's revision blobs (for benchmarks and diagnostics). */
export const revisionStorageBytes = perDialect(
  (db: Db, pageId: string): number =>
    db
      .select({ bytes: sql<number>`coalesce(sum(length(${pageRevisions.delta}) + coalesce(length(${pageRevisions.checkpoint}), 0)), 0)` })
      .from(pageRevisions)
      .where(eq(pageRevisions.pageId, pageId))
      .get()?.bytes ?? 0,
  postgres.revisionStorageBytes,
);
