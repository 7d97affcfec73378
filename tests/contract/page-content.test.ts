import { expect, it } from "vitest";
import {
  appendPageUpdate,
  appendPageUpdates,
  compactPageState,
  countPageUpdates,
  findCompactedPageContent,
  findPageContent,
  insertPageContent,
  lastUpdateLogId,
  loadPageState,
  pageContentVersion,
} from "@/db/queries/page-content";
import { transaction } from "@/db/executor";
import { pageRevisions } from "@/db/schema";
import { aPage, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects, insertRows } from "./harness";

const bytes = (...values: number[]) => Uint8Array.from(values);

async function aPageWithContent(): Promise<{ pageId: string; userId: string }> {
  const user = await aUser();
  const wiki = await aWiki(user.id);
  const page = await aPage(wiki.id);
  await insertPageContent({ pageId: page.id, ydoc: Buffer.from([0, 0]), json: '{"type":"doc"}', text: "Stored text" });
  return { pageId: page.id, userId: user.id };
}

let revisions = 0;
/** A version covering the log up to `through` (compaction keeps what no version covers). */
const aRevision = (pageId: string, through: number) =>
  insertRows(pageRevisions, [
    { id: `revision-${++revisions}`, pageId, number: revisions, kind: "auto", throughUpdateId: through, delta: Buffer.from([0]) },
  ]);

describeOnBothDialects("db/queries/page-content", () => {
  it("stores a page's content and reads it back, compacted while nothing is logged after it", async () => {
    const { pageId } = await aPageWithContent();
    expect(await findPageContent(pageId)).toMatchObject({ json: '{"type":"doc"}', text: "Stored text" });
    expect((await findPageContent(pageId))!.updatedAt).toBeInstanceOf(Date);
    expect(await findCompactedPageContent(pageId)).toEqual({ json: '{"type":"doc"}', text: "Stored text" });
    expect(await loadPageState(pageId)).toEqual({ ydoc: Buffer.from([0, 0]), compactedThrough: 0, updates: [] });
    expect(await findPageContent("no such page")).toBeUndefined();
    expect(await loadPageState("no such page")).toBeUndefined();
    expect(await pageContentVersion("no such page")).toBeUndefined();
  });

  it("changes a page's content version with each edit of that page, and only of that page", async () => {
    const busy = await aPageWithContent();
    const quiet = await aPageWithContent();
    // The busy page's log runs ahead, so the quiet page's next entry is below the highest anywhere.
    for (let i = 0; i < 5; i++) await appendPageUpdate(busy.pageId, bytes(i), null);
    const before = await pageContentVersion(quiet.pageId);
    await appendPageUpdate(busy.pageId, bytes(9), null);
    expect(await pageContentVersion(quiet.pageId), "an edit elsewhere").toBe(before);
    await appendPageUpdate(quiet.pageId, bytes(1), quiet.userId);
    expect(await pageContentVersion(quiet.pageId), "an edit of the page").not.toBe(before);
  });

  it("gives concurrent appends to one page distinct ids, in the order they were stored", async () => {
    const { pageId } = await aPageWithContent();
    // On PostgreSQL each batch numbers its entries after locking the page's row: without the lock,
    // batches racing here read the same highest seq and collide.
    const batches = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendPageUpdates([
          { pageId, update: bytes(i, 0), userId: null },
          { pageId, update: bytes(i, 1), userId: null },
        ]),
      ),
    );
    const ids = batches.flat();
    expect(new Set(ids).size).toBe(40);
    for (const batch of batches) expect(batch[1]).toBeGreaterThan(batch[0]);
    const stored = (await loadPageState(pageId))!.updates;
    expect(stored.map((entry) => entry.id)).toEqual([...ids].sort((a, b) => a - b));
    // Each batch's two entries are stored next to each other, first then second.
    for (const [first, second] of batches)
      expect(stored.findIndex((e) => e.id === second)).toBe(stored.findIndex((e) => e.id === first) + 1);
  });

  it("appends updates of several pages in one batch, ids rising within each page, and loads them in order", async () => {
    const a = await aPageWithContent();
    const b = await aPageWithContent();
    const versionBefore = await pageContentVersion(a.pageId);
    const countBefore = await lastUpdateLogId();
    const ids = await appendPageUpdates([
      { pageId: a.pageId, update: bytes(1), userId: a.userId },
      { pageId: b.pageId, update: bytes(2), userId: null },
      { pageId: a.pageId, update: bytes(3), userId: a.userId },
    ]);
    expect(ids).toHaveLength(3);
    expect(ids[2]).toBeGreaterThan(ids[0]);
    const single = await appendPageUpdate(a.pageId, bytes(4), null);
    expect(single).toBeGreaterThan(ids[2]);
    expect(await lastUpdateLogId()).toBe(countBefore + 4);
    expect(await appendPageUpdates([])).toEqual([]);

    const state = (await loadPageState(a.pageId))!;
    expect(state.updates.map((entry) => [entry.id, [...entry.update]])).toEqual([
      [ids[0], [1]],
      [ids[2], [3]],
      [single, [4]],
    ]);
    expect((await loadPageState(b.pageId))!.updates.map((entry) => entry.id)).toEqual([ids[1]]);
    expect(await countPageUpdates(a.pageId)).toBe(3);
    expect(await findCompactedPageContent(a.pageId)).toBeUndefined();
    expect(await pageContentVersion(a.pageId)).not.toBe(versionBefore);
  });

  it("writes none of a batch when one entry fails", async () => {
    const a = await aPageWithContent();
    await expect(
      appendPageUpdates([
        { pageId: a.pageId, update: bytes(1), userId: null },
        { pageId: "no such page", update: bytes(2), userId: null },
      ]),
    ).rejects.toThrow();
    expect(await countPageUpdates(a.pageId)).toBe(0);
  });

  it("appends the same way with a moment before the commit (the failpoints' path), and nothing when that moment throws", async () => {
    const a = await aPageWithContent();
    const [first] = await appendPageUpdates([{ pageId: a.pageId, update: bytes(1), userId: a.userId }]);
    let called = 0;
    const ids = await appendPageUpdates(
      [
        { pageId: a.pageId, update: bytes(2), userId: a.userId },
        { pageId: a.pageId, update: bytes(3), userId: null },
      ],
      () => void called++,
    );
    expect(called).toBe(1);
    expect(ids).toEqual([first + 1, first + 2]);
    await expect(
      appendPageUpdates([{ pageId: a.pageId, update: bytes(4), userId: null }], () => {
        throw new Error("crashed before the commit");
      }),
    ).rejects.toThrow("crashed before the commit");
    expect((await loadPageState(a.pageId))!.updates.map((entry) => [...entry.update])).toEqual([[1], [2], [3]]);
    // Inside a caller's transaction the append is part of it: rolled back with it.
    await expect(
      transaction(async () => {
        await appendPageUpdates([{ pageId: a.pageId, update: bytes(5), userId: null }]);
        throw new Error("the caller gave up");
      }),
    ).rejects.toThrow("the caller gave up");
    expect(await countPageUpdates(a.pageId)).toBe(3);
  });

  it("compacts: stores the state, and deletes exactly the log entries both compacted and covered by a version", async () => {
    const { pageId } = await aPageWithContent();
    const other = await aPageWithContent();
    const ids = await appendPageUpdates([1, 2, 3, 4, 5].map((n) => ({ pageId, update: bytes(n), userId: null })));
    const [otherId] = await appendPageUpdates([{ pageId: other.pageId, update: bytes(9), userId: null }]);
    await aRevision(other.pageId, otherId);
    await aRevision(pageId, ids[1]);

    await compactPageState(pageId, { ydoc: Buffer.from([7, 7]), json: '{"type":"doc","n":4}', text: "Compacted", throughId: ids[3] });
    // Compacted through the 4th entry, but a version covers only the first two: entries 3 and 4
    // stay for the next version's contributors, and the 5th is not compacted yet.
    expect((await loadPageState(pageId))!).toMatchObject({ ydoc: Buffer.from([7, 7]), compactedThrough: ids[3] });
    expect((await loadPageState(pageId))!.updates.map((entry) => entry.id)).toEqual([ids[4]]);
    expect(await countPageUpdates(pageId)).toBe(3);
    expect(await findPageContent(pageId)).toMatchObject({ json: '{"type":"doc","n":4}', text: "Compacted" });
    expect(await countPageUpdates(other.pageId)).toBe(1);

    await aRevision(pageId, ids[4]);
    await compactPageState(pageId, { ydoc: Buffer.from([8]), json: "{}", text: "All", throughId: ids[4] });
    expect(await countPageUpdates(pageId)).toBe(0);
    expect(await findCompactedPageContent(pageId)).toEqual({ json: "{}", text: "All" });

    // An emptied log still hands out new ids after every earlier one.
    const next = await appendPageUpdate(pageId, bytes(6), null);
    expect(next).toBeGreaterThan(ids[4]);
    expect((await loadPageState(pageId))!.updates.map((entry) => entry.id)).toEqual([next]);
  });
});
