import { expect, it } from "vitest";
import * as Y from "yjs";
import { transaction, type Dialect } from "@/db/executor";
import { listAuditEvents } from "@/db/queries/audit";
import { loadCitableSources } from "@/db/queries/export-sources";
import { insertImportedSources } from "@/db/queries/import-sources";
import { appendPageUpdate, compactPageState, countPageUpdates, insertPageContent, loadPageState } from "@/db/queries/page-content";
import {
  findRevision,
  insertRevision,
  latestRevision,
  listRecentRevisions,
  listRevisions,
  logUpdatesBetween,
  revisionChain,
  revisionDeltasBetween,
  revisionSizes,
  revisionStorageBytes,
  trimPageUpdateLog,
  updateAuthorsBetween,
} from "@/db/queries/revisions";
import { pageRevisions, sources } from "@/db/schema";
import { restoreVersion, saveVersion } from "@/lib/commands/revisions";
import { jsonFromYDoc, textFromJSON, ydocFromJSON } from "@/lib/editor/document";
import type { AppError } from "@/lib/errors";
import { createRevision, revisionJSON } from "@/lib/history/revisions";
import { loadPageDoc, readPageContent } from "@/lib/pages/content";
import { aPage, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects, insertRows } from "./harness";

/** db/queries/revisions.ts, export/import sources and the history commands on both dialects. */

const paragraphs = (...texts: string[]) => ({
  type: "doc",
  content: texts.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })),
});

/** A page whose stored state holds `texts`, as createPage leaves it. */
async function aPageWithText(...texts: string[]): Promise<{ pageId: string; wikiId: string; userId: string }> {
  const user = await aUser();
  const wiki = await aWiki(user.id);
  const page = await aPage(wiki.id);
  const json = paragraphs(...texts);
  const ydoc = Buffer.from(Y.encodeStateAsUpdate(ydocFromJSON(json)));
  await insertPageContent({ pageId: page.id, ydoc, json: JSON.stringify(json), text: texts.join("\n\n") });
  return { pageId: page.id, wikiId: wiki.id, userId: user.id };
}

/** Logs an edit that appends a paragraph, as the collab server would. */
async function logParagraph(pageId: string, userId: string | null, text: string): Promise<number> {
  const { doc } = (await loadPageDoc(pageId))!;
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("default").push([paragraph]);
  const id = await appendPageUpdate(pageId, Y.encodeStateAsUpdate(doc, before), userId);
  doc.destroy();
  return id;
}

const textOf = async (pageId: string, number: number) => textFromJSON(await revisionJSON(pageId, number));

let rows = 0;
const aRevisionRow = (pageId: string, number: number, kind: "auto" | "named", throughUpdateId: number) => ({
  id: `contract-revision-${++rows}`,
  pageId,
  number,
  kind,
  throughUpdateId,
  delta: Buffer.from([0, 0]),
});

/**
 * Runs `work` in `count` transactions that are all open before any goes on (PostgreSQL); SQLite
 * admits one transaction at a time, so there they run one after the other.
 */
async function inOverlappingTransactions<T>(dialect: Dialect, count: number, work: (index: number) => Promise<T>): Promise<T[]> {
  let opened = 0;
  let allOpen!: () => void;
  const everyoneIn = new Promise<void>((resolve) => (allOpen = resolve));
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      transaction(async () => {
        if (++opened === (dialect === "postgres" ? count : 1)) allOpen();
        await everyoneIn;
        return work(index);
      }),
    ),
  );
}

const rejectsWith = (code: AppError["code"]) => expect.objectContaining({ code });

describeOnBothDialects("db/queries/revisions and lib/history/revisions", (dialect) => {
  it("records versions of the logged edits, lists and finds them, and rebuilds each one's content", async () => {
    const { pageId, userId } = await aPageWithText("First.");
    const first = (await createRevision(pageId, { kind: "auto", createdBy: userId }))!;
    expect(first).toMatchObject({ pageId, number: 1, kind: "auto", contributors: JSON.stringify([userId]), wordCount: 1 });
    // Nothing logged since: an automatic version is skipped.
    expect(await createRevision(pageId, { kind: "auto" })).toBeNull();

    const through = await logParagraph(pageId, userId, "Second paragraph.");
    const second = (await createRevision(pageId, { kind: "auto" }))!;
    expect(second).toMatchObject({ number: 2, throughUpdateId: through, wordsAdded: 2, wordsRemoved: 0, wordCount: 3 });
    const named = (await createRevision(pageId, { kind: "named", name: "Before review", createdBy: null }))!;
    // A named version may stand at the position of the version before it.
    expect(named).toMatchObject({ number: 3, name: "Before review", throughUpdateId: through });

    expect((await listRevisions(pageId)).map((r) => r.number)).toEqual([3, 2, 1]);
    expect((await listRevisions(pageId, { namedOnly: true })).map((r) => r.number)).toEqual([3]);
    expect(await latestRevision(pageId)).toEqual(named);
    expect(await findRevision(pageId, 2)).toEqual(second);
    expect(await findRevision(pageId, 9)).toBeUndefined();
    expect(await latestRevision("no such page")).toBeUndefined();
    expect(await textOf(pageId, 1)).toBe("First.");
    expect(await textOf(pageId, 2)).toBe("First.\n\nSecond paragraph.");
    expect(await revisionStorageBytes(pageId)).toBeGreaterThan(0);
    // Each version's sizes, oldest first, add up to the total: the first one is a checkpoint.
    const sizes = await revisionSizes(pageId);
    expect(sizes.map((size) => size.number)).toEqual([1, 2, 3]);
    expect(sizes[0].checkpointBytes).toBeGreaterThan(0);
    expect(sizes.every((size) => Number.isInteger(size.deltaBytes) && Number.isInteger(size.checkpointBytes))).toBe(true);
    expect(sizes.reduce((sum, size) => sum + size.deltaBytes + size.checkpointBytes, 0)).toBe(await revisionStorageBytes(pageId));
    expect(await revisionSizes("no such page")).toEqual([]);
    await expect(revisionJSON(pageId, 4)).rejects.toEqual(rejectsWith("not_found"));
  });

  it("reads the chain from the nearest checkpoint, deltas between versions and the log between positions", async () => {
    const { pageId, userId } = await aPageWithText("Zero.");
    await insertRows(pageRevisions, [
      { ...aRevisionRow(pageId, 1, "named", 0), checkpoint: Buffer.from([1]) },
      aRevisionRow(pageId, 2, "named", 0),
      { ...aRevisionRow(pageId, 3, "named", 0), checkpoint: Buffer.from([3]) },
      aRevisionRow(pageId, 4, "named", 0),
    ]);
    expect((await revisionChain(pageId, 2)).map((link) => [link.number, link.checkpoint && [...link.checkpoint]])).toEqual([
      [1, [1]],
      [2, null],
    ]);
    expect((await revisionChain(pageId, 4)).map((link) => link.number)).toEqual([3, 4]);
    expect(await revisionChain("no such page", 1)).toEqual([]);
    expect((await revisionDeltasBetween(pageId, 1, 3)).map((d) => d.number)).toEqual([2, 3]);

    const other = await aUser("Bea");
    const a = await logParagraph(pageId, userId, "One.");
    const b = await logParagraph(pageId, other.id, "Two.");
    const c = await logParagraph(pageId, null, "Three.");
    expect(await logUpdatesBetween(pageId, a, c)).toHaveLength(2);
    expect(await updateAuthorsBetween(pageId, 0, c)).toEqual([userId, other.id].sort());
    expect(await updateAuthorsBetween(pageId, b, c)).toEqual([]);
  });

  it("trims the log only up to what is both compacted and covered by a version", async () => {
    const { pageId, userId } = await aPageWithText("Start.");
    const a = await logParagraph(pageId, userId, "One.");
    await createRevision(pageId, { kind: "auto" });
    const b = await logParagraph(pageId, userId, "Two.");
    const { ydoc } = (await loadPageState(pageId))!;
    // Compacted through b, but versioned only through a: b stays for the next version's contributors.
    await compactPageState(pageId, { ydoc, json: "{}", text: "", throughId: b });
    await trimPageUpdateLog(pageId);
    expect(await countPageUpdates(pageId)).toBe(1);
    expect(await logUpdatesBetween(pageId, a, b)).toHaveLength(1);
  });

  it("keeps one automatic version per covered log position; two concurrent creates leave one version", async () => {
    const { pageId, userId } = await aPageWithText("Start.");
    await createRevision(pageId, { kind: "auto" });
    const through = await logParagraph(pageId, userId, "Concurrent.");

    // Two recorders that both saw version 1 as the newest and the log up to `through`.
    const inserted = await inOverlappingTransactions(dialect, 2, (index) =>
      insertRevision(aRevisionRow(pageId, index === 0 ? 2 : 3, "auto", through)),
    );
    expect(inserted.filter(Boolean)).toHaveLength(1);
    // Another automatic version at the same position is refused, even under a free number.
    expect(await insertRevision(aRevisionRow(pageId, 4, "auto", through))).toBe(false);
    // A named one is not.
    expect(await insertRevision(aRevisionRow(pageId, 4, "named", through))).toBe(true);

    const next = await aPageWithText("Start.");
    await createRevision(next.pageId, { kind: "auto" });
    await logParagraph(next.pageId, next.userId, "Typed once.");
    const both = await Promise.all([createRevision(next.pageId, { kind: "auto" }), createRevision(next.pageId, { kind: "auto" })]);
    expect(both.filter((revision) => revision !== null)).toHaveLength(1);
    expect((await listRevisions(next.pageId)).map((r) => r.number)).toEqual([2, 1]);
  });

  it("lists a wiki's recent versions, by page and by contributor", async () => {
    const { pageId, wikiId, userId } = await aPageWithText("Start.");
    const other = await aUser("Bea");
    await createRevision(pageId, { kind: "auto", createdBy: userId });
    await logParagraph(pageId, other.id, "Bea's paragraph.");
    await createRevision(pageId, { kind: "auto" });
    expect((await listRecentRevisions(wikiId)).map((r) => [r.number, r.pageId])).toEqual([
      [2, pageId],
      [1, pageId],
    ]);
    expect((await listRecentRevisions(wikiId, { userId: other.id })).map((r) => r.number)).toEqual([2]);
    expect(await listRecentRevisions(wikiId, { pageId: "another page" })).toEqual([]);
    expect((await listRecentRevisions(wikiId, { limit: 1 }))[0]).toMatchObject({ number: 2, pageSlug: expect.any(String) });
  });

  it("refuses to restore a version that does not exist, writing nothing", async () => {
    const { pageId, wikiId, userId } = await aPageWithText("Start.");
    await createRevision(pageId, { kind: "auto" });
    const logged = await countPageUpdates(pageId);
    await expect(restoreVersion({ pageId, version: 7 }, userId)).rejects.toEqual(
      expect.objectContaining({ code: "not_found", message: "Version 7 does not exist" }),
    );
    expect(await countPageUpdates(pageId)).toBe(logged);
    expect((await listRevisions(pageId)).map((r) => r.number)).toEqual([1]);
    expect(await listAuditEvents(wikiId, {}, 10)).toEqual([]);
  });

  it("restores a version: a new state in the log, a restore version and its audit entry", async () => {
    const { pageId, wikiId, userId } = await aPageWithText("Original wording.");
    await createRevision(pageId, { kind: "auto" });
    await logParagraph(pageId, userId, "Added later.");
    await saveVersion({ pageId, name: "With the addition" }, { userId, ip: "192.0.2.7" });

    const restored = await restoreVersion({ pageId, version: 1 }, { userId, ip: "192.0.2.7" });
    expect(restored).toMatchObject({ number: 3, kind: "restore", name: "Restored version 1", createdBy: userId });
    expect(textFromJSON((await readPageContent(pageId)).json)).toBe("Original wording.");
    expect(await textOf(pageId, 3)).toBe("Original wording.");
    const { doc } = (await loadPageDoc(pageId))!;
    expect(textFromJSON(jsonFromYDoc(doc))).toBe("Original wording.");
    doc.destroy();
    const audit = await listAuditEvents(wikiId, {}, 10);
    expect(audit.map((e) => [e.action, e.details, e.ip])).toEqual([
      ["version.restored", JSON.stringify({ title: "Baselines", version: 3, restoredFrom: 1 }), "192.0.2.7"],
      ["version.saved", JSON.stringify({ title: "Baselines", version: 2, name: "With the addition" }), "192.0.2.7"],
    ]);
  });
});

describeOnBothDialects("db/queries/export-sources and import-sources", () => {
  it("registers imported footnotes as sources and reads them for footnotes, merged ones as their survivor", async () => {
    const user = await aUser();
    const wiki = await aWiki(user.id);
    await insertImportedSources([
      { id: "imported-1", wikiId: wiki.id, title: "Tallinn Manual 2.0", createdBy: user.id },
      { id: "imported-2", wikiId: wiki.id, title: "Tallinn Manual (2nd edn)", createdBy: null },
    ]);
    await insertImportedSources([]);
    await insertRows(sources, [
      { id: "survivor", wikiId: wiki.id, kind: "book", title: "Tallinn Manual 2.0 on International Law", fields: '{"year":2017}' },
      { id: "merged", wikiId: wiki.id, kind: "other", title: "Tallinn 2", mergedInto: "survivor" },
    ]);
    const lookup = await loadCitableSources(wiki.id);
    expect(lookup.get("imported-1")).toMatchObject({ id: "imported-1", kind: "other", title: "Tallinn Manual 2.0", fields: {} });
    expect(lookup.get("imported-2")).toMatchObject({ kind: "other", title: "Tallinn Manual (2nd edn)" });
    expect(lookup.get("survivor")).toMatchObject({ kind: "book", fields: { year: "2017" } });
    // A citation still naming the merged source is worded from its survivor.
    expect(lookup.get("merged")).toEqual(lookup.get("survivor"));
    expect(await loadCitableSources("another wiki")).toEqual(new Map());
  });
});
