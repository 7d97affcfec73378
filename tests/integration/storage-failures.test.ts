import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDbHandle } from "@/db/client";
import { countPageUpdates } from "@/db/queries/page-content";
import { listRevisions } from "@/db/queries/revisions";
import { readPageContent } from "@/lib/pages/content";
import { appendParagraph, connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi } from "../helpers/server";
import { holdsFor, waitFor } from "../helpers/wait";
import { withServer, withTempDir } from "../helpers/with-server";

/**
 * Promise 4: load and store failures never blank a page. Database errors are injected (through
 * the server's failpoints file) into loading, appending, compaction and version creation; the
 * stored page stays as it was, clients see a refusal or stay unacknowledged rather than getting an
 * empty page, and once storage works again everything acknowledged is there exactly once.
 */
/** Outside the data directory: written before the server starts (no failures), and kept across its restarts. */
const failpointsFile = path.join(withTempDir("opinio-failpoints-"), "failpoints.json");
const server = withServer({ env: { OPINIO_FAILPOINTS_FILE: failpointsFile, COMPACT_IDLE_MS: "50", VERSION_IDLE_MS: "200" } });
let owner: Awaited<ReturnType<typeof makeUser>>;
const clients: TestClient[] = [];

function failAt(...points: string[]) {
  // A new mtime each time (the server re-reads the file when it changes).
  fs.writeFileSync(failpointsFile, JSON.stringify({ fail: points, at: process.hrtime.bigint().toString() }));
  const later = new Date(Date.now() + clients.length + Math.random() * 1000);
  fs.utimesSync(failpointsFile, later, later);
}
failAt();

function connect(pageId: string): TestClient {
  const client = connectClient(server.url, pageId, { token: owner.token });
  clients.push(client);
  return client;
}

function storedBytes(pageId: string): Buffer {
  return (getDbHandle().sqlite.prepare("SELECT ydoc FROM page_contents WHERE page_id = ?").get(pageId) as { ydoc: Buffer }).ydoc;
}

function restoreEvents(pageId: string): unknown[] {
  return getDbHandle().sqlite.prepare("SELECT * FROM audit_events WHERE action = 'version.restored' AND target_id = ?").all(pageId);
}

function count(texts: string[], text: string) {
  return texts.filter((t) => t === text).length;
}

beforeAll(async () => {
  owner = await makeUser("Fiona Failure");
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

describe("storage failures", () => {
  it("a failed load refuses the client with a reason, never serves or stores an empty page, and recovers", async () => {
    const { page } = await makeWikiWithMembers(owner, [], "Stored before the failure.");
    const before = storedBytes(page.id);
    failAt("load");
    const client = connect(page.id);
    const reasons: string[] = [];
    client.provider.on("authenticationFailed", ({ reason }: { reason: string }) => reasons.push(reason));
    await waitFor(() => expect(reasons).toContain("load-failed"));
    // What this replica types is never taken: it was refused, and nothing reached the log.
    appendParagraph(client.doc, "typed into a page that never loaded");
    await holdsFor(async () => {
      expect(client.provider.isSynced).toBe(false);
      expect(Buffer.compare(storedBytes(page.id), before)).toBe(0);
      expect(await countPageUpdates(page.id)).toBe(0);
    }, 300);

    failAt();
    const again = connect(page.id);
    await waitFor(() => expect(again.provider.isSynced).toBe(true));
    expect(paragraphs(again.doc)).toEqual(["Stored before the failure."]);
  });

  it("a failed append drops the writer before its acknowledgement; the edit lands exactly once when storage returns", async () => {
    const { page } = await makeWikiWithMembers(owner, [], "First.");
    const writer = connect(page.id);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    failAt("append");
    appendParagraph(writer.doc, "written while the disk failed");
    await waitFor(() => expect(writer.events.closes).toBeGreaterThan(0));
    expect(isAcknowledged(writer)).toBe(false);
    expect(await countPageUpdates(page.id)).toBe(0);

    failAt();
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true), { timeout: 20_000 });
    const reader = connect(page.id);
    await waitFor(() => expect(count(paragraphs(reader.doc), "written while the disk failed")).toBe(1));
    expect(count(paragraphs(reader.doc), "First.")).toBe(1);
  });

  it("a failed compaction keeps the stored state and the log; a restart in that state loses nothing", async () => {
    const { page } = await makeWikiWithMembers(owner, [], "Compacted text.");
    const jsonBefore = JSON.stringify((await readPageContent(page.id)).json);
    const bytesBefore = storedBytes(page.id);
    failAt("compact");
    const writer = connect(page.id);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    for (let i = 0; i < 5; i++) appendParagraph(writer.doc, `kept in the log ${i}`);
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    // Several compaction attempts (COMPACT_IDLE_MS is 50), all failing.
    await holdsFor(() => expect(Buffer.compare(storedBytes(page.id), bytesBefore)).toBe(0), 400);
    expect(await countPageUpdates(page.id)).toBeGreaterThan(0);

    // Crash while compaction is failing: the log alone carries the acknowledged edits.
    await server.kill("SIGKILL");
    writer.destroy();
    await server.start();
    const reader = connect(page.id);
    await waitFor(() => expect(reader.provider.isSynced).toBe(true));
    for (let i = 0; i < 5; i++) expect(count(paragraphs(reader.doc), `kept in the log ${i}`)).toBe(1);

    failAt();
    await waitFor(async () => expect(JSON.stringify((await readPageContent(page.id)).json)).not.toBe(jsonBefore));
    await waitFor(async () => expect(await countPageUpdates(page.id)).toBe(0));
    expect(JSON.stringify((await readPageContent(page.id)).json)).toContain("kept in the log 4");
  });

  it("a failed version leaves history as it was; the next version takes in everything since", async () => {
    const { page } = await makeWikiWithMembers(owner, [], "Versioned.");
    const versionsBefore = (await listRevisions(page.id)).length;
    failAt("version");
    const writer = connect(page.id);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    appendParagraph(writer.doc, "edit while versions fail");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    // Past the idle version delay (VERSION_IDLE_MS is 200).
    await holdsFor(async () => expect((await listRevisions(page.id)).length).toBe(versionsBefore), 600);

    failAt();
    appendParagraph(writer.doc, "edit after recovery");
    await waitFor(async () => expect((await listRevisions(page.id)).length).toBe(versionsBefore + 1));
    const newest = (await listRevisions(page.id))[0];
    expect(newest.wordsAdded).toBeGreaterThanOrEqual(7);
  });

  it("a restore whose change cannot be written says so and records no restore, in history or the audit log", async () => {
    const { page } = await makeWikiWithMembers(owner, [], "As first written.");
    const writer = connect(page.id);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    appendParagraph(writer.doc, "added later");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    writer.destroy();
    // The edit's own automatic version (VERSION_IDLE_MS) comes first, so it cannot be mistaken for the restore's.
    await waitFor(async () => expect((await listRevisions(page.id)).length).toBe(2));

    failAt("append");
    const reply = await callApi(server, owner.token, "POST", `/pages/${page.id}/restore`, { version: 1 });
    expect(reply.status).toBeGreaterThanOrEqual(500);
    expect(reply.json.error.message).toMatch(/could not be restored: saving the page failed/);
    expect((await listRevisions(page.id)).map((r) => r.name)).not.toContain("Restored version 1");
    expect(restoreEvents(page.id)).toEqual([]);

    failAt();
    // Past the idle compaction and version delays.
    await holdsFor(async () => {
      expect((await listRevisions(page.id)).length).toBe(2);
      expect(restoreEvents(page.id)).toEqual([]);
    }, 400);
    expect((await readPageContent(page.id)).text).toContain("added later");
  });
});
