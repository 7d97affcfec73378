import { and, asc, eq, gt, inArray, lte, max, sql } from "drizzle-orm";
import type { BeforeCommit, LogEntry, PageFence, StoredPageState } from "../../queries/page-content";
import type { PgExecutor } from "../client";
import { pageContents, pageRevisions, pageUpdates } from "../schema";
import { holdPageLeases, type PageLease } from "./page-leases";

/**
 * PostgreSQL side of db/queries/page-content.ts (the comments there say what each does). The log
 * is keyed by (page_id, seq) here (db/postgres/schema/pages.ts): a log entry's "id" is its seq,
 * which orders the entries of one page as SQLite's global id does.
 */

export async function insertPageContent(
  db: PgExecutor,
  content: { pageId: string; ydoc: Buffer; json: string; text: string },
): Promise<void> {
  await db.insert(pageContents).values(content);
}

export async function findPageContent(
  db: PgExecutor,
  pageId: string,
): Promise<{ json: string; text: string; updatedAt: Date } | undefined> {
  const [row] = await db
    .select({ json: pageContents.json, text: pageContents.text, updatedAt: pageContents.updatedAt })
    .from(pageContents)
    .where(eq(pageContents.pageId, pageId));
  return row;
}

export async function findCompactedPageContent(db: PgExecutor, pageId: string): Promise<{ json: string; text: string } | undefined> {
  const [row] = await db
    .select({ json: pageContents.json, text: pageContents.text })
    .from(pageContents)
    .where(
      and(
        eq(pageContents.pageId, pageId),
        sql`not exists (select 1 from ${pageUpdates} where ${pageUpdates.pageId} = ${pageContents.pageId} and ${pageUpdates.seq} > ${pageContents.compactedThrough})`,
      ),
    );
  return row;
}

export async function pageContentVersion(db: PgExecutor, pageId: string): Promise<string | undefined> {
  const [row] = await db
    .select({
      through: pageContents.compactedThrough,
      updatedAt: pageContents.updatedAt,
      // The page id as a value, not as a column of the outer query: drizzle writes a one-table
      // select's columns unqualified, and "page_id" inside the subquery would be page_updates' own,
      // making this the highest seq of every page (so an edit left the version unchanged).
      last: sql<number | null>`(select max(${pageUpdates.seq}) from ${pageUpdates} where ${pageUpdates.pageId} = ${pageId})`,
    })
    .from(pageContents)
    .where(eq(pageContents.pageId, pageId));
  return row ? `${row.through}:${row.updatedAt.getTime()}:${row.last ?? 0}` : undefined;
}

export async function loadPageState(db: PgExecutor, pageId: string): Promise<StoredPageState | undefined> {
  // One snapshot for both reads: a compaction committing in between would otherwise have moved
  // compacted_through and deleted entries this read still needs.
  return db.transaction(
    async (tx) => {
      const [content] = await tx
        .select({ ydoc: pageContents.ydoc, compactedThrough: pageContents.compactedThrough })
        .from(pageContents)
        .where(eq(pageContents.pageId, pageId));
      if (!content) return undefined;
      const updates = await tx
        .select({ id: pageUpdates.seq, update: pageUpdates.update })
        .from(pageUpdates)
        .where(and(eq(pageUpdates.pageId, pageId), gt(pageUpdates.seq, content.compactedThrough)))
        .orderBy(asc(pageUpdates.seq));
      return { ...content, updates };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

export async function appendPageUpdate(db: PgExecutor, pageId: string, update: Uint8Array, userId: string | null): Promise<number> {
  const [seq] = await appendPageUpdates(db, [{ pageId, update, userId }]);
  return seq;
}

const asBuffer = (update: Uint8Array) => Buffer.from(update.buffer, update.byteOffset, update.byteLength);

export async function appendPageUpdates(db: PgExecutor, entries: LogEntry[], beforeCommit?: BeforeCommit): Promise<number[]> {
  if (entries.length === 0) return [];
  return db.transaction(async (tx) => {
    // An owner's entries carry its lease: refused whole if another instance has taken a page over.
    const fences = new Map<string, PageLease>();
    for (const entry of entries) if (entry.fence) fences.set(entry.pageId, { pageId: entry.pageId, ...entry.fence });
    await holdPageLeases(tx, [...fences.values()]);
    // Appends to a page take its content row's lock, so two writers (the group commit and a
    // command writing straight to the log) never hand out the same seq; compaction takes the
    // same lock. Locked in one order, so two batches cannot deadlock.
    const pageIds = [...new Set(entries.map((entry) => entry.pageId))].sort();
    await tx
      .select({ pageId: pageContents.pageId })
      .from(pageContents)
      .where(inArray(pageContents.pageId, pageIds))
      .orderBy(asc(pageContents.pageId))
      .for("update");
    // The seqs are numbered in the insert itself, one round trip fewer than reading the highest
    // first (bench: ingest, issue 20). It runs after the lock is held, so its snapshot sees every
    // append committed before: a seq is never given twice, one more than the page's highest, or
    // than compacted_through when compaction emptied the log (db/postgres/schema/pages.ts).
    const inserted = await tx.execute<{ page_id: string; seq: number }>(sql`
      insert into ${pageUpdates} (page_id, seq, update, user_id)
      select e.page_id,
        greatest(coalesce(c.compacted_through, 0), coalesce((select max(u.seq) from ${pageUpdates} u where u.page_id = e.page_id), 0))
          + row_number() over (partition by e.page_id order by e.ord),
        e.update, e.user_id
      from unnest(${sql.param(entries.map((entry) => entry.pageId))}::text[], ${sql.param(entries.map((entry) => asBuffer(entry.update)))}::bytea[],
        ${sql.param(entries.map((entry) => entry.userId))}::text[]) with ordinality as e(page_id, update, user_id, ord)
      left join ${pageContents} c on c.page_id = e.page_id
      returning page_id, seq`);
    // Within a page, seqs rise in the entries' order; RETURNING keeps no order, so sort them back.
    const seqs = new Map<string, number[]>();
    for (const row of inserted.rows) seqs.set(row.page_id, [...(seqs.get(row.page_id) ?? []), Number(row.seq)]);
    for (const list of seqs.values()) list.sort((a, b) => a - b);
    beforeCommit?.();
    return entries.map((entry) => seqs.get(entry.pageId)!.shift()!);
  });
}

export async function compactPageState(
  db: PgExecutor,
  pageId: string,
  state: { ydoc: Buffer; json: string; text: string; throughId: number },
  fence?: PageFence,
  beforeCommit?: BeforeCommit,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (fence) await holdPageLeases(tx, [{ pageId, ...fence }]);
    const [current] = await tx
      .select({ compactedThrough: pageContents.compactedThrough })
      .from(pageContents)
      .where(eq(pageContents.pageId, pageId))
      .for("update");
    // An older state than the stored one would lose what that one folded in (a stale owner's
    // compaction, were it not fenced, or one overtaken by another's).
    if (current && current.compactedThrough > state.throughId)
      throw new Error(`page ${pageId} is compacted through ${current.compactedThrough}, past ${state.throughId}`);
    await tx
      .update(pageContents)
      .set({ ydoc: state.ydoc, json: state.json, text: state.text, compactedThrough: state.throughId, updatedAt: new Date() })
      .where(eq(pageContents.pageId, pageId));
    // As trimPageUpdateLog on SQLite: entries go once compacted and covered by a revision.
    const [revised] = await tx
      .select({ through: max(pageRevisions.throughUpdateId) })
      .from(pageRevisions)
      .where(eq(pageRevisions.pageId, pageId));
    const limit = Math.min(state.throughId, revised?.through ?? 0);
    if (limit > 0) await tx.delete(pageUpdates).where(and(eq(pageUpdates.pageId, pageId), lte(pageUpdates.seq, limit)));
    beforeCommit?.();
  });
}

export async function lastUpdateLogId(db: PgExecutor): Promise<number> {
  // No table-wide sequence on PostgreSQL: the sum of every page's highest seq grows by one per
  // append, as SQLite's last id does, and compaction never lowers it (compacted_through keeps it).
  const [row] = await db
    .execute<{ n: string | null }>(
      sql`select sum(greatest(c.compacted_through, coalesce((select max(u.seq) from ${pageUpdates} u where u.page_id = c.page_id), 0))) as n from ${pageContents} c`,
    )
    .then((result) => result.rows);
  return Number(row?.n ?? 0);
}

export async function countPageUpdates(db: PgExecutor, pageId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pageUpdates)
    .where(eq(pageUpdates.pageId, pageId));
  return row?.n ?? 0;
}
