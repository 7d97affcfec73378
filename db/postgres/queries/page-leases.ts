import { and, eq, lte, max, sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type * as schema from "../schema";
import { pageContents, pageLeases, pageUpdates } from "../schema";

/**
 * Page ownership for several instances on one PostgreSQL (issue 20), with fencing.
 *
 * An instance that opens a page takes its lease (`acquirePageLease`), renews it while the page is
 * open and releases it when the page closes. Every write to the page's log or compacted state goes
 * through `appendPageUpdates` or `compactPageLog`, which lock the lease row and refuse to write
 * unless it still names this instance at the epoch it was granted: an owner that was paused or
 * cut off past its lease, while another instance took over, learns so by a refused write (and
 * must not acknowledge the edits), never by silently writing beside the new owner.
 *
 * The lease row is locked FOR UPDATE by writes and updated by takeovers, so the two are ordered:
 * a takeover that commits first makes the stale write fail; a write that commits first is in the
 * database before the new owner, which loads the page after taking the lease, reads it.
 */

export type PgDb = NodePgDatabase<typeof schema>;

/** What an owner holds: the page, who it is, and the fencing token it was granted. */
export type PageLease = { pageId: string; owner: string; epoch: number };

/** A write by an instance that no longer owns the page (or never did). Nothing was written. */
export class StaleLeaseError extends Error {
  constructor(
    readonly lease: PageLease,
    readonly current: { owner: string; epoch: number } | null,
  ) {
    super(
      current
        ? `page ${lease.pageId} is owned by ${current.owner} at epoch ${current.epoch}, not by ${lease.owner} at epoch ${lease.epoch}`
        : `page ${lease.pageId} has no lease`,
    );
    this.name = "StaleLeaseError";
  }
}

const expiresIn = (ttlMs: number) => sql`now() + make_interval(secs => ${ttlMs / 1000})`;

/**
 * Takes the page's lease for `owner` when nobody holds it or the holder's lease has expired (by
 * PostgreSQL's clock), bumping the epoch. When `owner` already holds it, the lease is renewed and
 * kept at its epoch. Otherwise answers who holds it, until when.
 */
export async function acquirePageLease(
  db: PgDb,
  input: { pageId: string; owner: string; ttlMs: number },
): Promise<{ lease: PageLease } | { heldBy: string; expiresAt: Date }> {
  const [taken] = await db
    .insert(pageLeases)
    .values({ pageId: input.pageId, owner: input.owner, epoch: 1, expiresAt: expiresIn(input.ttlMs) })
    .onConflictDoUpdate({
      target: pageLeases.pageId,
      set: {
        owner: sql`excluded.owner`,
        // The same owner asking again keeps its epoch: its writes in flight stay valid.
        epoch: sql`CASE WHEN ${pageLeases.owner} = excluded.owner THEN ${pageLeases.epoch} ELSE ${pageLeases.epoch} + 1 END`,
        expiresAt: sql`excluded.expires_at`,
      },
      setWhere: sql`${pageLeases.expiresAt} <= now() OR ${pageLeases.owner} = excluded.owner`,
    })
    .returning({ owner: pageLeases.owner, epoch: pageLeases.epoch });
  if (taken) return { lease: { pageId: input.pageId, owner: taken.owner, epoch: taken.epoch } };
  const [holder] = await db
    .select({ owner: pageLeases.owner, expiresAt: pageLeases.expiresAt })
    .from(pageLeases)
    .where(eq(pageLeases.pageId, input.pageId));
  // The holder's lease may have expired between the two statements: the caller asks again later.
  return { heldBy: holder.owner, expiresAt: holder.expiresAt };
}

/** Extends a lease still held at its epoch; false when it was lost (expired and taken over, or released). */
export async function renewPageLease(db: PgDb, lease: PageLease, ttlMs: number): Promise<boolean> {
  const renewed = await db
    .update(pageLeases)
    .set({ expiresAt: expiresIn(ttlMs) })
    .where(and(eq(pageLeases.pageId, lease.pageId), eq(pageLeases.owner, lease.owner), eq(pageLeases.epoch, lease.epoch)))
    .returning({ epoch: pageLeases.epoch });
  return renewed.length === 1;
}

/**
 * Gives the page up at once (it closed on this instance). The row stays, expired, so the next
 * owner's epoch is still greater than every earlier one.
 */
export async function releasePageLease(db: PgDb, lease: PageLease): Promise<void> {
  await db
    .update(pageLeases)
    .set({ expiresAt: sql`now()` })
    .where(and(eq(pageLeases.pageId, lease.pageId), eq(pageLeases.owner, lease.owner), eq(pageLeases.epoch, lease.epoch)));
}

type Tx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

/** Inside a write's transaction: locks the lease row and throws unless `lease` is still the current one. */
async function holdLease(tx: Tx, lease: PageLease): Promise<void> {
  const [current] = await tx
    .select({ owner: pageLeases.owner, epoch: pageLeases.epoch })
    .from(pageLeases)
    .where(eq(pageLeases.pageId, lease.pageId))
    .for("update");
  if (!current || current.owner !== lease.owner || current.epoch !== lease.epoch) throw new StaleLeaseError(lease, current ?? null);
}

/**
 * Appends updates to the page's log as its owner, in one transaction, and returns their `seq`s.
 * A new entry takes one more than the page's highest seq, or than its compacted_through when
 * compaction emptied the log: a seq is never given twice (db/postgres/schema/pages.ts).
 * Throws StaleLeaseError, writing nothing, when `lease` is no longer current.
 */
export async function appendPageUpdates(
  db: PgDb,
  lease: PageLease,
  updates: { update: Buffer; userId: string | null }[],
): Promise<number[]> {
  if (updates.length === 0) return [];
  return db.transaction(async (tx) => {
    await holdLease(tx, lease);
    const [{ last }] = await tx
      .select({ last: max(pageUpdates.seq) })
      .from(pageUpdates)
      .where(eq(pageUpdates.pageId, lease.pageId));
    const [content] = await tx
      .select({ compactedThrough: pageContents.compactedThrough })
      .from(pageContents)
      .where(eq(pageContents.pageId, lease.pageId));
    const first = Math.max(last ?? 0, content?.compactedThrough ?? 0) + 1;
    const seqs = updates.map((_, i) => first + i);
    await tx
      .insert(pageUpdates)
      .values(updates.map((u, i) => ({ pageId: lease.pageId, seq: seqs[i], update: u.update, userId: u.userId })));
    return seqs;
  });
}

/**
 * Stores the page's compacted state as its owner: `state` holds every log entry up to `throughSeq`
 * (and no other), so exactly those entries are deleted, whatever was appended since the state was
 * built. Throws StaleLeaseError, writing nothing, when `lease` is no longer current.
 */
export async function compactPageLog(
  db: PgDb,
  lease: PageLease,
  compacted: { ydoc: Buffer; json: string; text: string; throughSeq: number },
): Promise<{ deleted: number }> {
  return db.transaction(async (tx) => {
    await holdLease(tx, lease);
    const [current] = await tx
      .select({ compactedThrough: pageContents.compactedThrough })
      .from(pageContents)
      .where(eq(pageContents.pageId, lease.pageId));
    // An older state than the stored one would lose what that one folded in.
    if (current && current.compactedThrough > compacted.throughSeq)
      throw new Error(`page ${lease.pageId} is compacted through ${current.compactedThrough}, past ${compacted.throughSeq}`);
    const values = {
      ydoc: compacted.ydoc,
      json: compacted.json,
      text: compacted.text,
      compactedThrough: compacted.throughSeq,
      updatedAt: new Date(),
    };
    await tx
      .insert(pageContents)
      .values({ pageId: lease.pageId, ...values })
      .onConflictDoUpdate({ target: pageContents.pageId, set: values });
    const deleted = await tx
      .delete(pageUpdates)
      .where(and(eq(pageUpdates.pageId, lease.pageId), lte(pageUpdates.seq, compacted.throughSeq)))
      .returning({ seq: pageUpdates.seq });
    return { deleted: deleted.length };
  });
}
