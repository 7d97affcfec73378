import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgExecutor } from "@/db/postgres/client";
import { migratePostgres } from "@/db/postgres/migrate";
import * as schema from "@/db/postgres/schema";
import { createPageOwnership, type PageOwnershipOptions } from "@/lib/scale/page-ownership";
import { withTempPostgresDatabase } from "../helpers/temp-postgres";

/**
 * Each instance's view of the pages it owns (issue 20), two instances on one real PostgreSQL:
 * claims, renewal, takeover reported to the old owner, and giving everything up when the
 * database cannot be reached for a whole lease. Expiry is forced with an UPDATE where the test
 * is about what follows it, not waited for.
 */

const postgres = withTempPostgresDatabase();
let pool: Pool;
let db: PgExecutor;

beforeAll(async () => {
  await migratePostgres(postgres.url);
  pool = new Pool({ connectionString: postgres.url, max: 6 });
  db = drizzle(pool, { schema });
  await pool.query(`INSERT INTO wikis (id, slug, name) VALUES ('w1', 'w', 'W')`);
});

afterAll(async () => {
  await pool?.end();
});

let pages = 0;
async function newPage(): Promise<string> {
  const id = `p${++pages}`;
  await pool.query(`INSERT INTO pages (id, wiki_id, title, slug) VALUES ($1, 'w1', $1, $1)`, [id]);
  return id;
}

const expire = (pageId: string) => pool.query(`UPDATE page_leases SET expires_at = now() WHERE page_id = $1`, [pageId]);

/** An instance's ownership, with the pages it was told it lost. */
function instance(instanceId: string, options: Partial<PageOwnershipOptions> = {}) {
  const lost: string[] = [];
  let tell: (() => void) | undefined;
  const ownership = createPageOwnership({
    db,
    instanceId,
    ttlMs: 10_000,
    renewEveryMs: 40,
    ...options,
    onLost: (pageIds) => {
      lost.push(...pageIds);
      tell?.();
    },
  });
  const nextLoss = () => new Promise<void>((resolve) => (tell = resolve));
  return { ownership, lost, nextLoss };
}

describe("page ownership", () => {
  it("gives a page to one instance, tells the other who holds it, and keeps the epoch on a repeated claim", async () => {
    const page = await newPage();
    const a = instance("instance-a");
    const b = instance("instance-b");
    try {
      // Two connections to one page arriving together: one claim, one lease.
      const [first, second] = await Promise.all([a.ownership.claim(page), a.ownership.claim(page)]);
      expect(first).toEqual({ owned: true, fence: { owner: "instance-a", epoch: 1 } });
      expect(second).toEqual(first);
      expect(await b.ownership.claim(page)).toEqual({ owned: false, heldBy: "instance-a" });
      expect(b.ownership.fenceOf(page)).toBeUndefined();
      // Renewals keep it: the lease outlives many rounds and stays at its epoch.
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await a.ownership.claim(page)).toEqual(first);
      expect(a.lost).toEqual([]);
    } finally {
      await Promise.all([a.ownership.close(), b.ownership.close()]);
    }
  });

  it("tells the old owner at its next renewal that another instance took the page over", async () => {
    const [taken, kept] = [await newPage(), await newPage()];
    const a = instance("instance-a");
    const b = instance("instance-b");
    try {
      await a.ownership.claim(taken);
      await a.ownership.claim(kept);
      // A was paused past its lease; B took over before A's next renewal. A renewal of A's that
      // lands between the forced expiry and B's claim renews the lease (late is not lost), so the
      // pair is tried again until B's claim comes first. Listening before the takeover: A may be
      // told at once.
      const told = a.nextLoss();
      let claimed;
      for (let attempt = 0; attempt < 50 && !claimed?.owned; attempt++) {
        await expire(taken);
        claimed = await b.ownership.claim(taken);
      }
      expect(claimed).toEqual({ owned: true, fence: { owner: "instance-b", epoch: 2 } });
      await told;
      expect(a.lost).toEqual([taken]);
      expect(a.ownership.fenceOf(taken)).toBeUndefined();
      expect(a.ownership.fenceOf(kept)).toEqual({ owner: "instance-a", epoch: 1 });
    } finally {
      await Promise.all([a.ownership.close(), b.ownership.close()]);
    }
  });

  it("lets another instance take a released page at once, with a greater epoch", async () => {
    const page = await newPage();
    const a = instance("instance-a");
    const b = instance("instance-b");
    try {
      await a.ownership.claim(page);
      await a.ownership.release(page);
      expect(await b.ownership.claim(page)).toEqual({ owned: true, fence: { owner: "instance-b", epoch: 2 } });
      expect(a.lost).toEqual([]);
    } finally {
      await Promise.all([a.ownership.close(), b.ownership.close()]);
    }
    // Closing gives every page up.
    const c = instance("instance-c");
    expect(await c.ownership.claim(page)).toEqual({ owned: true, fence: { owner: "instance-c", epoch: 3 } });
    await c.ownership.close();
  });

  it("gives every page up once it could not renew for a whole lease", async () => {
    const page = await newPage();
    // Its own pool, so that cutting it off leaves the other instance's database reachable.
    const ownPool = new Pool({ connectionString: postgres.url, max: 2 });
    const errors: unknown[] = [];
    const a = instance("instance-a", { db: drizzle(ownPool, { schema }), ttlMs: 400, renewEveryMs: 50, onError: (e) => errors.push(e) });
    try {
      await a.ownership.claim(page);
      const told = a.nextLoss();
      await ownPool.end();
      const since = performance.now();
      await told;
      expect(performance.now() - since).toBeGreaterThanOrEqual(300);
      expect(a.lost).toEqual([page]);
      expect(errors.length).toBeGreaterThan(0);
      expect(a.ownership.fenceOf(page)).toBeUndefined();
    } finally {
      await a.ownership.close();
    }
  });
});
