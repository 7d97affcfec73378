import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { StaleLeaseError } from "../../queries/page-content";
import type { PgExecutor } from "../client";
import type * as schema from "../schema";
import { pageLeases } from "../schema";

/**
 * Page ownership for several instances on one PostgreSQL (issue 20), with fencing.
 *
 * An instance that opens a page takes its lease (`acquirePageLease`), renews it while the page is
 * open and releases it when the page closes (lib/scale/page-ownership.ts does this). Every write
 * an owner makes to the page's log or compacted state carries its lease as a fence
 * (db/queries/page-content.ts: `appendPageUpdates`, `compactPageState`), and the write locks the
 * lease row (`holdPageLeases`) and refuses to write unless it still names this instance at the
 * epoch it was granted: an owner that was paused or cut off past its lease, while another
 * instance took over, learns so by a refused write (and must not acknowledge the edits), never by
 * silently writing beside the new owner.
 *
 * The lease row is locked FOR UPDATE by writes and updated by takeovers, so the two are ordered:
 * a takeover that commits first makes the stale write fail; a write that commits first is in the
 * database before the new owner, which loads the page after taking the lease, reads it.
 */

export type PgDb = NodePgDatabase<typeof schema>;

/** What an owner holds: the page, who it is, and the fencing token it was granted. */
export type PageLease = { pageId: string; owner: string; epoch: number };

const expiresIn = (ttlMs: number) => sql`now() + make_interval(secs => ${ttlMs / 1000})`;

/**
 * Takes the page's lease for `owner` when nobody holds it or the holder's lease has expired (by
 * PostgreSQL's clock), bumping the epoch. When `owner` already holds it, the lease is renewed and
 * kept at its epoch. Otherwise answers who holds it, until when.
 */
export async function acquirePageLease(
  db: PgExecutor,
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
export async function renewPageLease(db: PgExecutor, lease: PageLease, ttlMs: number): Promise<boolean> {
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
export async function releasePageLease(db: PgExecutor, lease: PageLease): Promise<void> {
  await db
    .update(pageLeases)
    .set({ expiresAt: sql`now()` })
    .where(and(eq(pageLeases.pageId, lease.pageId), eq(pageLeases.owner, lease.owner), eq(pageLeases.epoch, lease.epoch)));
}

/**
 * Extends every lease in `leases` still held at its epoch, in one statement; answers the pages
 * renewed. A page missing from the answer was lost (expired and taken over, or released).
 */
export async function renewPageLeases(db: PgExecutor, leases: PageLease[], ttlMs: number): Promise<Set<string>> {
  if (leases.length === 0) return new Set();
  const held = leases.map((lease) => sql`(${lease.pageId}, ${lease.owner}, ${lease.epoch}::int)`);
  const renewed = await db
    .update(pageLeases)
    .set({ expiresAt: expiresIn(ttlMs) })
    .where(sql`(${pageLeases.pageId}, ${pageLeases.owner}, ${pageLeases.epoch}) in (${sql.join(held, sql`, `)})`)
    .returning({ pageId: pageLeases.pageId });
  return new Set(renewed.map((row) => row.pageId));
}

/**
 * Inside a write's transaction: locks the lease rows of the pages written (in page order, so two
 * writers cannot deadlock) and throws StaleLeaseError, naming every page concerned, unless each
 * lease still names its owner at its epoch. Held until the transaction ends, so a takeover
 * (which updates the row) waits for the write, and the new owner, loading after it, reads it.
 * Expiry alone does not refuse the write: an owner that renews late but before anyone took over
 * has lost nothing.
 */
export async function holdPageLeases(tx: PgExecutor, leases: PageLease[]): Promise<void> {
  if (leases.length === 0) return;
  const current = await tx
    .select({ pageId: pageLeases.pageId, owner: pageLeases.owner, epoch: pageLeases.epoch })
    .from(pageLeases)
    .where(inArray(pageLeases.pageId, [...new Set(leases.map((lease) => lease.pageId))]))
    .orderBy(asc(pageLeases.pageId))
    .for("update");
  const byPage = new Map(current.map((row) => [row.pageId, row]));
  const stale = leases.filter((lease) => {
    const row = byPage.get(lease.pageId);
    return !row || row.owner !== lease.owner || row.epoch !== lease.epoch;
  });
  if (stale.length === 0) return;
  const describe = (lease: PageLease) => {
    const row = byPage.get(lease.pageId);
    return row
      ? `page ${lease.pageId} is owned by ${row.owner} at epoch ${row.epoch}, not by ${lease.owner} at epoch ${lease.epoch}`
      : `page ${lease.pageId} has no lease`;
  };
  throw new StaleLeaseError(
    stale.map((lease) => lease.pageId),
    stale.map(describe).join("; "),
  );
}
