import { and, asc, desc, eq, gt, gte, isNotNull, lte, max, sql } from "drizzle-orm";
import type { pageRevisions as sqlitePageRevisions } from "../../schema";
import type { RecentRevision, RevisionLink, RevisionMeta, RevisionSize } from "../../queries/revisions";
import type { PgExecutor } from "../client";
import { pageContents, pageRevisions, pages, pageUpdates } from "../schema";

/**
 * PostgreSQL side of db/queries/revisions.ts (the comments there say what each does). A log
 * position is the entry's `seq` within its page (db/postgres/schema/pages.ts).
 */

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

export async function latestRevision(db: PgExecutor, pageId: string): Promise<RevisionMeta | undefined> {
  const [row] = await db
    .select(metaColumns)
    .from(pageRevisions)
    .where(eq(pageRevisions.pageId, pageId))
    .orderBy(desc(pageRevisions.number))
    .limit(1);
  return row;
}

export async function listRevisions(db: PgExecutor, pageId: string, options: { namedOnly?: boolean } = {}): Promise<RevisionMeta[]> {
  const where = options.namedOnly ? and(eq(pageRevisions.pageId, pageId), isNotNull(pageRevisions.name)) : eq(pageRevisions.pageId, pageId);
  return db.select(metaColumns).from(pageRevisions).where(where).orderBy(desc(pageRevisions.number));
}

export async function findRevision(db: PgExecutor, pageId: string, number: number): Promise<RevisionMeta | undefined> {
  const [row] = await db
    .select(metaColumns)
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), eq(pageRevisions.number, number)));
  return row;
}

export async function revisionChain(db: PgExecutor, pageId: string, number: number): Promise<RevisionLink[]> {
  const base = db
    .select({ n: max(pageRevisions.number) })
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), lte(pageRevisions.number, number), isNotNull(pageRevisions.checkpoint)));
  return db
    .select({ number: pageRevisions.number, delta: pageRevisions.delta, checkpoint: pageRevisions.checkpoint })
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), gte(pageRevisions.number, base), lte(pageRevisions.number, number)))
    .orderBy(asc(pageRevisions.number));
}

export async function revisionDeltasBetween(
  db: PgExecutor,
  pageId: string,
  after: number,
  through: number,
): Promise<{ number: number; delta: Buffer }[]> {
  return db
    .select({ number: pageRevisions.number, delta: pageRevisions.delta })
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), gt(pageRevisions.number, after), lte(pageRevisions.number, through)))
    .orderBy(asc(pageRevisions.number));
}

export async function insertRevision(db: PgExecutor, revision: typeof sqlitePageRevisions.$inferInsert): Promise<boolean> {
  // Without a target: a clash on (page, number) or on an automatic version's (page, position)
  // waits for the other insert's commit and then inserts nothing.
  const inserted = await db.insert(pageRevisions).values(revision).onConflictDoNothing().returning({ id: pageRevisions.id });
  return inserted.length === 1;
}

export async function logUpdatesBetween(db: PgExecutor, pageId: string, afterId: number, throughId: number): Promise<Buffer[]> {
  const rows = await db
    .select({ update: pageUpdates.update })
    .from(pageUpdates)
    .where(and(eq(pageUpdates.pageId, pageId), gt(pageUpdates.seq, afterId), lte(pageUpdates.seq, throughId)))
    .orderBy(asc(pageUpdates.seq));
  return rows.map((r) => r.update);
}

export async function updateAuthorsBetween(db: PgExecutor, pageId: string, afterId: number, throughId?: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: pageUpdates.userId })
    .from(pageUpdates)
    .where(
      and(
        eq(pageUpdates.pageId, pageId),
        gt(pageUpdates.seq, afterId),
        throughId === undefined ? undefined : lte(pageUpdates.seq, throughId),
        isNotNull(pageUpdates.userId),
      ),
    );
  return rows.map((r) => r.userId!).sort();
}

export async function trimPageUpdateLog(db: PgExecutor, pageId: string): Promise<void> {
  const [row] = await db
    .select({
      compacted: pageContents.compactedThrough,
      revised: sql<
        number | null
      >`(select max(${pageRevisions.throughUpdateId}) from ${pageRevisions} where ${pageRevisions.pageId} = ${pageId})`,
    })
    .from(pageContents)
    .where(eq(pageContents.pageId, pageId));
  const limit = Math.min(row?.compacted ?? 0, Number(row?.revised ?? 0));
  if (limit > 0) await db.delete(pageUpdates).where(and(eq(pageUpdates.pageId, pageId), lte(pageUpdates.seq, limit)));
}

export async function listRecentRevisions(
  db: PgExecutor,
  wikiId: string,
  options: { limit?: number; pageId?: string; userId?: string } = {},
): Promise<RecentRevision[]> {
  const conditions = [eq(pages.wikiId, wikiId), sql`${pages.deletedAt} IS NULL`];
  if (options.pageId) conditions.push(eq(pageRevisions.pageId, options.pageId));
  // Contributors are a JSON array kept as text (as on SQLite): `?` asks whether it holds the id.
  if (options.userId) conditions.push(sql`(${pageRevisions.contributors})::jsonb ? ${options.userId}`);
  return db
    .select({ ...metaColumns, pageTitle: pages.title, pageSlug: pages.slug })
    .from(pageRevisions)
    .innerJoin(pages, eq(pages.id, pageRevisions.pageId))
    .where(and(...conditions))
    .orderBy(desc(pageRevisions.createdAt), desc(pageRevisions.number))
    .limit(options.limit ?? 100);
}

export async function revisionStorageBytes(db: PgExecutor, pageId: string): Promise<number> {
  const [row] = await db
    .select({
      bytes: sql<string>`coalesce(sum(octet_length(${pageRevisions.delta}) + coalesce(octet_length(${pageRevisions.checkpoint}), 0)), 0)`,
    })
    .from(pageRevisions)
    .where(eq(pageRevisions.pageId, pageId));
  return Number(row?.bytes ?? 0);
}

export async function revisionSizes(db: PgExecutor, pageId: string): Promise<RevisionSize[]> {
  const rows = await db
    .select({
      number: pageRevisions.number,
      deltaBytes: sql<string>`octet_length(${pageRevisions.delta})`,
      checkpointBytes: sql<string>`coalesce(octet_length(${pageRevisions.checkpoint}), 0)`,
    })
    .from(pageRevisions)
    .where(eq(pageRevisions.pageId, pageId))
    .orderBy(asc(pageRevisions.number));
  return rows.map((row) => ({ number: row.number, deltaBytes: Number(row.deltaBytes), checkpointBytes: Number(row.checkpointBytes) }));
}
