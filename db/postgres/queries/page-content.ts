import { and, asc, eq, gt, lte, max, sql } from "drizzle-orm";
import { StaleLeaseError, type BeforeCommit, type LogEntry, type PageFence, type StoredPageState } from "../../queries/page-content";
import type { Pool } from "pg";
import { driverError } from "../../driver-error";
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

/**
 * One round trip per batch: the function (migration 0007_append_in_one_statement) fences, locks
 * and numbers in one call, which outside a transaction is its own transaction (bench: ingest went
 * from four round trips per batch to one). With `beforeCommit` (the failpoints) it runs inside an
 * explicit transaction instead, so a crash there finds the batch written but not committed.
 */
export async function appendPageUpdates(db: PgExecutor, entries: LogEntry[], beforeCommit?: BeforeCommit): Promise<number[]> {
  if (entries.length === 0) return [];
  if (!beforeCommit) return appendInOneCall(db, entries);
  return db.transaction(async (tx) => {
    const seqs = await appendInOneCall(tx, entries);
    beforeCommit();
    return seqs;
  });
}

const APPEND =
  "select written_page, written_seq from append_page_updates($1::text[], $2::bytea[], $3::text[], $4::text[], $5::text[], $6::integer[])";

/** The pool `db` runs on, when it is the pool's database rather than a transaction. */
function poolUnder(db: PgExecutor): Pool | undefined {
  return (db as { $client?: Pool }).$client;
}

/** SQLSTATE the append function raises when a fence is stale; DETAIL holds the pages as JSON. */
const STALE_LEASE = "OPSTL";

async function appendInOneCall(db: PgExecutor, entries: LogEntry[]): Promise<number[]> {
  // An owner's entries carry its lease: refused whole if another instance has taken a page over.
  const fences = new Map<string, PageLease>();
  for (const entry of entries) if (entry.fence) fences.set(entry.pageId, { pageId: entry.pageId, ...entry.fence });
  const leases = [...fences.values()];
  const values = [
    entries.map((entry) => entry.pageId),
    entries.map((entry) => asBuffer(entry.update)),
    entries.map((entry) => entry.userId),
    leases.map((lease) => lease.pageId),
    leases.map((lease) => lease.owner),
    leases.map((lease) => lease.epoch),
  ];
  let written: { written_page: string; written_seq: number }[];
  try {
    // Outside a transaction, straight on the pool as a named statement, parsed once per
    // connection: drizzle's query building cost the group commit more CPU than the call itself
    // (bench: ingest). Inside one, through the transaction's client as everything else.
    const pool = poolUnder(db);
    const result = pool
      ? await pool.query<{ written_page: string; written_seq: number }>({ name: "append_page_updates", text: APPEND, values })
      : await db.execute<{ written_page: string; written_seq: number }>(
          sql`select written_page, written_seq from append_page_updates(${sql.param(values[0])}::text[], ${sql.param(values[1])}::bytea[],
            ${sql.param(values[2])}::text[], ${sql.param(values[3])}::text[], ${sql.param(values[4])}::text[], ${sql.param(values[5])}::integer[])`,
        );
    written = result.rows;
  } catch (error) {
    const refused = driverError(error);
    if (refused?.code === STALE_LEASE) throw new StaleLeaseError(JSON.parse(refused.detail ?? "[]") as string[], refused.message);
    throw error;
  }
  // Within a page, seqs rise in the entries' order; RETURNING keeps no order, so sort them back.
  const seqs = new Map<string, number[]>();
  for (const row of written) seqs.set(row.written_page, [...(seqs.get(row.written_page) ?? []), Number(row.written_seq)]);
  for (const list of seqs.values()) list.sort((a, b) => a - b);
  return entries.map((entry) => seqs.get(entry.pageId)!.shift()!);
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
