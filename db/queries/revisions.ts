import { and, asc, desc, eq, gt, gte, isNotNull, lte, max, sql } from "drizzle-orm";
import { getDb } from "../client";
import { pageContents, pageRevisions, pages, pageUpdates, type PageRevision } from "../schema";

/** Revision metadata without the Yjs blobs, for lists and headers. */
export type RevisionMeta = Omit<PageRevision, "delta" | "checkpoint">;

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

export function latestRevision(pageId: string): RevisionMeta | undefined {
  return getDb()
    .select(metaColumns)
    .from(pageRevisions)
    .where(eq(pageRevisions.pageId, pageId))
    .orderBy(desc(pageRevisions.number))
    .limit(1)
    .get();
}

export function listRevisions(pageId: string, options: { namedOnly?: boolean } = {}): RevisionMeta[] {
  const where = options.namedOnly ? and(eq(pageRevisions.pageId, pageId), isNotNull(pageRevisions.name)) : eq(pageRevisions.pageId, pageId);
  return getDb().select(metaColumns).from(pageRevisions).where(where).orderBy(desc(pageRevisions.number)).all();
}

export function findRevision(pageId: string, number: number): RevisionMeta | undefined {
  return getDb()
    .select(metaColumns)
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), eq(pageRevisions.number, number)))
    .get();
}

/** The blobs needed to rebuild revision `number`: the nearest checkpoint at or before it, then each delta up to it. */
export function revisionChain(pageId: string, number: number): { number: number; delta: Buffer; checkpoint: Buffer | null }[] {
  const db = getDb();
  const base = db
    .select({ n: max(pageRevisions.number) })
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), lte(pageRevisions.number, number), isNotNull(pageRevisions.checkpoint)))
    .get()?.n;
  if (!base) return [];
  return db
    .select({ number: pageRevisions.number, delta: pageRevisions.delta, checkpoint: pageRevisions.checkpoint })
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), gte(pageRevisions.number, base), lte(pageRevisions.number, number)))
    .orderBy(asc(pageRevisions.number))
    .all();
}

/** The deltas of revisions in (after, through], oldest first: applied in order, they replay those versions. */
export function revisionDeltasBetween(pageId: string, after: number, through: number): { number: number; delta: Buffer }[] {
  return getDb()
    .select({ number: pageRevisions.number, delta: pageRevisions.delta })
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), gt(pageRevisions.number, after), lte(pageRevisions.number, through)))
    .orderBy(asc(pageRevisions.number))
    .all();
}

export function insertRevision(revision: typeof pageRevisions.$inferInsert): void {
  getDb().insert(pageRevisions).values(revision).run();
}

/** The logged updates in (afterId, throughId], oldest first. */
export function logUpdatesBetween(pageId: string, afterId: number, throughId: number): Buffer[] {
  return getDb()
    .select({ update: pageUpdates.update })
    .from(pageUpdates)
    .where(and(eq(pageUpdates.pageId, pageId), gt(pageUpdates.id, afterId), lte(pageUpdates.id, throughId)))
    .orderBy(asc(pageUpdates.id))
    .all()
    .map((r) => r.update);
}

/** Distinct authors of the logged updates in (afterId, throughId]. */
export function updateAuthorsBetween(pageId: string, afterId: number, throughId: number): string[] {
  return getDb()
    .selectDistinct({ userId: pageUpdates.userId })
    .from(pageUpdates)
    .where(and(eq(pageUpdates.pageId, pageId), gt(pageUpdates.id, afterId), lte(pageUpdates.id, throughId), isNotNull(pageUpdates.userId)))
    .all()
    .map((r) => r.userId!)
    .sort();
}

/**
 * Log entries may go once they are both compacted into the stored state and covered by a
 * revision (whose contributors are read from the log).
 */
export function trimPageUpdateLog(pageId: string): void {
  const db = getDb();
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

export type RecentRevision = RevisionMeta & { pageTitle: string; pageSlug: string };

/** Versions across a wiki's live pages, newest first. */
export function listRecentRevisions(wikiId: string, options: { limit?: number; pageId?: string; userId?: string } = {}): RecentRevision[] {
  const conditions = [eq(pages.wikiId, wikiId), sql`${pages.deletedAt} IS NULL`];
  if (options.pageId) conditions.push(eq(pageRevisions.pageId, options.pageId));
  if (options.userId)
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${pageRevisions.contributors}) WHERE json_each.value = ${options.userId})`);
  return getDb()
    .select({ ...metaColumns, pageTitle: pages.title, pageSlug: pages.slug })
    .from(pageRevisions)
    .innerJoin(pages, eq(pages.id, pageRevisions.pageId))
    .where(and(...conditions))
    .orderBy(desc(pageRevisions.createdAt), desc(pageRevisions.number))
    .limit(options.limit ?? 100)
    .all();
}

/** Total bytes of a page's revision blobs (for benchmarks and diagnostics). */
export function revisionStorageBytes(pageId: string): number {
  return (
    getDb()
      .select({ bytes: sql<number>`coalesce(sum(length(${pageRevisions.delta}) + coalesce(length(${pageRevisions.checkpoint}), 0)), 0)` })
      .from(pageRevisions)
      .where(eq(pageRevisions.pageId, pageId))
      .get()?.bytes ?? 0
  );
}
