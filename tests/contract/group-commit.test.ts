import { expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getPostgres } from "@/db/postgres/client";
import { acquirePageLease } from "@/db/postgres/queries/page-leases";
import { insertPageContent, loadPageState, type PageFence } from "@/db/queries/page-content";
import { flushUpdateLog, queueUpdate } from "@/lib/collab/group-commit";
import { aPage, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects } from "./harness";

async function aPageWithContent(): Promise<string> {
  const user = await aUser();
  const wiki = await aWiki(user.id);
  const page = await aPage(wiki.id);
  await insertPageContent({ pageId: page.id, ydoc: Buffer.from([0, 0]), json: "{}", text: "" });
  return page.id;
}

/** Queues one update and records what the group commit tells it. */
function queue(pageId: string, value: number, events: string[], fence?: PageFence): void {
  queueUpdate({
    pageId,
    update: Uint8Array.from([value]),
    userId: null,
    fence,
    written: (id) => events.push(`written ${value} as ${id}`),
    failed: () => events.push(`failed ${value}`),
  });
}

describeOnBothDialects("lib/collab/group-commit", (dialect) => {
  it("writes what is queued in one batch, and what is queued while it commits in the next, in order", async () => {
    const pageId = await aPageWithContent();
    const events: string[] = [];
    queue(pageId, 1, events);
    queue(pageId, 2, events);
    const first = flushUpdateLog();
    // Queued while the first batch may still be committing (PostgreSQL): the next batch.
    queue(pageId, 3, events);
    const second = flushUpdateLog();
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    const ids = (await loadPageState(pageId))!.updates.map((entry) => entry.id);
    expect(ids).toHaveLength(3);
    expect(events).toEqual([`written 1 as ${ids[0]}`, `written 2 as ${ids[1]}`, `written 3 as ${ids[2]}`]);
    expect((await loadPageState(pageId))!.updates.map((entry) => [...entry.update])).toEqual([[1], [2], [3]]);
    expect(await flushUpdateLog()).toBe(true); // nothing queued
  });

  it("tells every entry of a failed batch, writes none of it, and goes on with the next", async () => {
    const pageId = await aPageWithContent();
    const events: string[] = [];
    queue(pageId, 1, events);
    queue("no such page", 2, events);
    const failed = flushUpdateLog();
    queue(pageId, 3, events);
    const next = flushUpdateLog();
    expect(await failed).toBe(false);
    expect(await next).toBe(true);
    const ids = (await loadPageState(pageId))!.updates.map((entry) => entry.id);
    expect(events).toEqual(["failed 1", "failed 2", `written 3 as ${ids[0]}`]);
    expect(ids).toHaveLength(1);
  });

  // Several instances exist on PostgreSQL only; there each owner's entries carry its lease.
  it.runIf(dialect === "postgres")("fails only the entries of a page another instance took over, and writes the rest", async () => {
    const [kept, lost] = [await aPageWithContent(), await aPageWithContent()];
    const { db } = getPostgres(process.env.DATABASE_URL!);
    const lease = async (pageId: string, owner: string) => {
      const result = await acquirePageLease(db, { pageId, owner, ttlMs: 60_000 });
      if (!("lease" in result)) throw new Error(`${owner} could not take ${pageId}`);
      return result.lease;
    };
    const keptLease = await lease(kept, "instance-a");
    const lostLease = await lease(lost, "instance-a");
    await db.execute(sql`update page_leases set expires_at = now() where page_id = ${lost}`);
    await lease(lost, "instance-b");
    const events: string[] = [];
    queue(kept, 1, events, keptLease);
    queue(lost, 2, events, lostLease);
    queue(kept, 3, events, keptLease);
    expect(await flushUpdateLog()).toBe(false);
    const ids = (await loadPageState(kept))!.updates.map((entry) => entry.id);
    expect(events).toEqual(["failed 2", `written 1 as ${ids[0]}`, `written 3 as ${ids[1]}`]);
    expect((await loadPageState(lost))!.updates).toEqual([]);
  });
});
