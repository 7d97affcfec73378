import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "@/db/postgres/migrate";
import { appendPageUpdates, compactPageState } from "@/db/postgres/queries/page-content";
import { StaleLeaseError } from "@/db/queries/page-content";
import {
  acquirePageLease,
  releasePageLease,
  renewPageLease,
  renewPageLeases,
  type PageLease,
  type PgDb,
} from "@/db/postgres/queries/page-leases";
import * as schema from "@/db/postgres/schema";
import { withTempPostgresDatabase } from "../helpers/temp-postgres";

/**
 * Page ownership with fencing on a real PostgreSQL (issue 20): one owner per page, takeover only
 * after the lease expires (by the database's clock), and a stale owner's writes refused whole.
 * Expiry is forced with an UPDATE rather than waited for, so nothing here depends on timing.
 */

const postgres = withTempPostgresDatabase();
let pool: Pool;
let db: PgDb;
const TTL = 10_000;

beforeAll(async () => {
  await migratePostgres(postgres.url);
  pool = new Pool({ connectionString: postgres.url, max: 12 });
  db = drizzle(pool, { schema });
  await pool.query(`INSERT INTO users (id, email, name) VALUES ('u1', 'a@example.org', 'A')`);
  await pool.query(`INSERT INTO wikis (id, slug, name) VALUES ('w1', 'w', 'W')`);
});

afterAll(async () => {
  await pool?.end();
});

let pages = 0;
async function newPage(): Promise<string> {
  const id = `p${++pages}`;
  await pool.query(`INSERT INTO pages (id, wiki_id, title, slug) VALUES ($1, 'w1', $1, $1)`, [id]);
  await pool.query(`INSERT INTO page_contents (page_id, ydoc, json, text) VALUES ($1, '\\x00', '{}', '')`, [id]);
  return id;
}

async function expire(pageId: string): Promise<void> {
  await pool.query(`UPDATE page_leases SET expires_at = now() - interval '1 second' WHERE page_id = $1`, [pageId]);
}

async function logSeqs(pageId: string): Promise<number[]> {
  const { rows } = await pool.query<{ seq: number }>(`SELECT seq FROM page_updates WHERE page_id = $1 ORDER BY seq`, [pageId]);
  return rows.map((r) => r.seq);
}

/** Appends one entry per number to `lease`'s page, as its owner (the group commit's entries carry the fence). */
const append = (lease: PageLease, ...numbers: number[]) =>
  appendPageUpdates(
    db,
    numbers.map((n) => ({
      pageId: lease.pageId,
      update: Buffer.from([n]),
      userId: "u1",
      fence: { owner: lease.owner, epoch: lease.epoch },
    })),
  );

const compact = (lease: PageLease, ydoc: string, throughId: number) =>
  compactPageState(
    db,
    lease.pageId,
    { ydoc: Buffer.from(ydoc), json: "{}", text: ydoc, throughId },
    { owner: lease.owner, epoch: lease.epoch },
  );

async function storedState(pageId: string): Promise<{ ydoc: string; through: number }> {
  const { rows } = await pool.query<{ ydoc: Buffer; compacted_through: number }>(
    `SELECT ydoc, compacted_through FROM page_contents WHERE page_id = $1`,
    [pageId],
  );
  return { ydoc: rows[0].ydoc.toString(), through: rows[0].compacted_through };
}

async function coverWithRevision(pageId: string, through: number): Promise<void> {
  await pool.query(
    `INSERT INTO page_revisions (id, page_id, number, kind, through_update_id, delta) VALUES ($1, $2, $3, 'auto', $3, '\\x00')`,
    [`r-${pageId}-${through}`, pageId, through],
  );
}

async function take(pageId: string, owner: string): Promise<PageLease> {
  const result = await acquirePageLease(db, { pageId, owner, ttlMs: TTL });
  if (!("lease" in result)) throw new Error(`${owner} could not take ${pageId}: held by ${result.heldBy}`);
  return result.lease;
}

describe("page leases", () => {
  it("give a page one owner until its lease expires, then the next owner a greater epoch", async () => {
    const page = await newPage();
    const a = await take(page, "instance-a");
    expect(a.epoch).toBe(1);
    const refused = await acquirePageLease(db, { pageId: page, owner: "instance-b", ttlMs: TTL });
    expect(refused).toMatchObject({ heldBy: "instance-a" });
    expect(await renewPageLease(db, a, TTL)).toBe(true);
    // Asking again as the owner renews without a new epoch: writes in flight stay valid.
    expect(await take(page, "instance-a")).toEqual(a);

    await expire(page);
    const b = await take(page, "instance-b");
    expect(b.epoch).toBe(2);
    expect(await renewPageLease(db, a, TTL)).toBe(false);
  });

  it("refuse a stale owner's appends and compaction whole, and let the new owner go on", async () => {
    const page = await newPage();
    const a = await take(page, "instance-a");
    expect(await append(a, 1, 2)).toEqual([1, 2]);

    // A pauses past its lease (SIGSTOP, a long GC, a partition); B takes over.
    await expire(page);
    const b = await take(page, "instance-b");

    await expect(append(a, 3)).rejects.toBeInstanceOf(StaleLeaseError);
    await expect(compact(a, "stale", 2)).rejects.toMatchObject({ name: "StaleLeaseError", pageIds: [page] });
    expect(await logSeqs(page)).toEqual([1, 2]);
    expect(await storedState(page)).toEqual({ ydoc: "\0", through: 0 });

    expect(await append(b, 3)).toEqual([3]);
    await coverWithRevision(page, 3);
    await compact(b, "state", 2);
    // Entry 3 is not in the stored state, so it stays; numbering goes on past it.
    expect(await logSeqs(page)).toEqual([3]);
    expect(await storedState(page)).toEqual({ ydoc: "state", through: 2 });
    expect(await append(b, 4)).toEqual([4]);
    await coverWithRevision(page, 4);
    await compact(b, "state2", 4);
    // Compaction emptied the log: the next seq follows compacted_through, never reusing one.
    expect(await logSeqs(page)).toEqual([]);
    expect(await append(b, 5)).toEqual([5]);
    await expect(compact(b, "older", 3)).rejects.toThrow(/compacted through 4/);
    expect(await storedState(page)).toEqual({ ydoc: "state2", through: 4 });
  });

  it("refuse a batch with one stale page whole, naming that page, and take it without", async () => {
    const [kept, lost] = [await newPage(), await newPage()];
    const keptLease = await take(kept, "instance-a");
    const lostLease = await take(lost, "instance-a");
    await expire(lost);
    await take(lost, "instance-b");
    const both = appendPageUpdates(db, [
      { pageId: kept, update: Buffer.from([1]), userId: "u1", fence: keptLease },
      { pageId: lost, update: Buffer.from([1]), userId: "u1", fence: lostLease },
    ]);
    await expect(both).rejects.toMatchObject({ name: "StaleLeaseError", pageIds: [lost] });
    expect(await logSeqs(kept)).toEqual([]);
    expect(await append(keptLease, 1)).toEqual([1]);
  });

  it("renew every lease still held in one statement and leave out the ones lost", async () => {
    const [kept, lost] = [await newPage(), await newPage()];
    const keptLease = await take(kept, "instance-a");
    const lostLease = await take(lost, "instance-a");
    await expire(lost);
    await take(lost, "instance-b");
    expect(await renewPageLeases(db, [keptLease, lostLease], TTL)).toEqual(new Set([kept]));
    expect(await renewPageLeases(db, [], TTL)).toEqual(new Set());
  });

  it("keep epochs growing across a release, so a released owner cannot come back at its old epoch", async () => {
    const page = await newPage();
    const a = await take(page, "instance-a");
    await releasePageLease(db, a);
    const b = await take(page, "instance-b");
    expect(b.epoch).toBe(a.epoch + 1);
    await expect(append(a, 1)).rejects.toThrow(/owned by instance-b at epoch 2/);
    // Releasing a lease one no longer holds changes nothing.
    await releasePageLease(db, a);
    expect(await renewPageLease(db, b, TTL)).toBe(true);
  });

  it("give an expired lease to exactly one of many instances racing for it", async () => {
    const page = await newPage();
    await take(page, "instance-0");
    await expire(page);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => acquirePageLease(db, { pageId: page, owner: `racer-${i}`, ttlMs: TTL })),
    );
    const winners = results.filter((r) => "lease" in r);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ lease: { epoch: 2 } });
    const owner = (winners[0] as { lease: PageLease }).lease.owner;
    for (const r of results) if (!("lease" in r)) expect(r.heldBy).toBe(owner);
  });

  it("serialize a takeover behind a write in progress: the write lands before the new owner reads", async () => {
    const page = await newPage();
    const a = await take(page, "instance-a");
    await expire(page);
    // A's append is under way and holds the lease row (as appendPageUpdates does).
    const writer = await pool.connect();
    try {
      await writer.query("BEGIN");
      await writer.query(`SELECT epoch FROM page_leases WHERE page_id = $1 FOR UPDATE`, [page]);
      await writer.query(`INSERT INTO page_updates (page_id, seq, update, user_id) VALUES ($1, 1, '\\x01', 'u1')`, [page]);
      let takenAt = 0;
      const takeover = take(page, "instance-b").then((lease) => ((takenAt = Date.now()), lease));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(takenAt).toBe(0);
      const committedAt = Date.now();
      await writer.query("COMMIT");
      const b = await takeover;
      expect(takenAt).toBeGreaterThanOrEqual(committedAt);
      expect(b.epoch).toBe(a.epoch + 1);
      expect(await logSeqs(page)).toEqual([1]);
    } finally {
      writer.release();
    }
  });

  it("go with their page", async () => {
    const page = await newPage();
    await take(page, "instance-a");
    await pool.query(`DELETE FROM pages WHERE id = $1`, [page]);
    expect((await pool.query(`SELECT count(*)::int AS n FROM page_leases WHERE page_id = $1`, [page])).rows[0].n).toBe(0);
  });
});
