import type { PgExecutor } from "@/db/postgres/client";
import { acquirePageLease, releasePageLease, renewPageLeases, type PageLease } from "@/db/postgres/queries/page-leases";
import type { PageFence } from "@/db/queries/page-content";

/**
 * Which open pages this instance owns (issue 20: several instances, one owner per page). The
 * database decides (db/postgres/queries/page-leases.ts); this keeps the leases this instance was
 * granted, renews them together while their pages are open, and says when one was lost.
 *
 * Losing a lease is never a correctness problem on its own: every write carries the lease as a
 * fence and is refused once another instance took the page over. It is a liveness problem: the
 * page's clients must leave this instance and reconnect, to be routed to the new owner. So a
 * renewal that finds a lease gone reports it at once (`onLost`), and when renewals cannot reach
 * the database at all, every lease is given up once its time would have run out by this
 * process's own clock, counted from before the last renewal that succeeded (so never later than
 * the database's expiry).
 */

export type OwnershipClaim = { owned: true; fence: PageFence } | { owned: false; heldBy: string };

export type PageOwnership = {
  readonly instanceId: string;
  /** Takes the page's lease, or keeps it if already held; otherwise says which instance holds it. */
  claim(pageId: string): Promise<OwnershipClaim>;
  /** The fence for this instance's writes to the page, while it holds the lease. */
  fenceOf(pageId: string): PageFence | undefined;
  /** Gives the page up (it closed here). */
  release(pageId: string): Promise<void>;
  /** Stops renewing and gives every page up. */
  close(): Promise<void>;
};

export type PageOwnershipOptions = {
  db: PgExecutor;
  instanceId: string;
  /** How long a lease lasts unrenewed: how long a dead owner's pages wait for a new one. */
  ttlMs?: number;
  /** How often held leases are renewed; a third of the lease leaves two tries before it runs out. */
  renewEveryMs?: number;
  /** Leases found lost (taken over, or run out while the database was unreachable). */
  onLost(pageIds: string[]): void;
  onError?(error: unknown): void;
};

export function createPageOwnership(options: PageOwnershipOptions): PageOwnership {
  const { db, instanceId, ttlMs = 10_000 } = options;
  const renewEveryMs = options.renewEveryMs ?? Math.floor(ttlMs / 3);
  const held = new Map<string, PageLease>();
  const claiming = new Map<string, Promise<OwnershipClaim>>();
  /** performance.now() before the last renewal round that reached the database. */
  let renewedAsOf = performance.now();
  let renewing = false;
  let closed = false;

  function lose(pageIds: string[]): void {
    for (const pageId of pageIds) held.delete(pageId);
    if (pageIds.length > 0) options.onLost(pageIds);
  }

  async function renewAll(): Promise<void> {
    if (renewing || closed) return;
    renewing = true;
    const startedAt = performance.now();
    const leases = [...held.values()];
    try {
      const renewed = await renewPageLeases(db, leases, ttlMs);
      renewedAsOf = startedAt;
      // A page claimed or released during the round is judged next round.
      lose(leases.filter((lease) => !renewed.has(lease.pageId) && held.get(lease.pageId) === lease).map((lease) => lease.pageId));
    } catch (error) {
      options.onError?.(error);
      if (performance.now() - renewedAsOf >= ttlMs) lose([...held.keys()]);
    } finally {
      renewing = false;
    }
  }

  const timer = setInterval(() => void renewAll(), renewEveryMs);
  timer.unref();

  async function acquire(pageId: string): Promise<OwnershipClaim> {
    const startedAt = performance.now();
    const result = await acquirePageLease(db, { pageId, owner: instanceId, ttlMs });
    if (!("lease" in result)) return { owned: false, heldBy: result.heldBy };
    // A lease granted while renewals fail would be given up with the others by the clock: start
    // its count from this grant, which reached the database.
    if (held.size === 0) renewedAsOf = startedAt;
    held.set(pageId, result.lease);
    return { owned: true, fence: { owner: result.lease.owner, epoch: result.lease.epoch } };
  }

  return {
    instanceId,
    claim(pageId) {
      if (closed) return Promise.reject(new Error("page ownership is closed"));
      const lease = held.get(pageId);
      if (lease) return Promise.resolve({ owned: true, fence: { owner: lease.owner, epoch: lease.epoch } });
      // Two connections to one page arriving together make one claim.
      let pending = claiming.get(pageId);
      if (!pending) {
        pending = acquire(pageId).finally(() => claiming.delete(pageId));
        claiming.set(pageId, pending);
      }
      return pending;
    },
    fenceOf(pageId) {
      const lease = held.get(pageId);
      return lease && { owner: lease.owner, epoch: lease.epoch };
    },
    async release(pageId) {
      const lease = held.get(pageId);
      if (!lease) return;
      held.delete(pageId);
      await releasePageLease(db, lease);
    },
    async close() {
      closed = true;
      clearInterval(timer);
      const leases = [...held.values()];
      held.clear();
      await Promise.all(leases.map((lease) => releasePageLease(db, lease).catch((error) => options.onError?.(error))));
    },
  };
}
