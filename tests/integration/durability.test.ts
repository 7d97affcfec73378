import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendParagraph, connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * The core promise: an edit the server has acknowledged survives `kill -9` at any instant, and
 * reconnecting clients never duplicate content.
 */
// Small compaction thresholds so that some kills land during or right after a compaction.
// Restarts keep the port, so the clients reconnect to the same address.
const server = withServer({ env: { COMPACT_AFTER_UPDATES: "7", COMPACT_IDLE_MS: "30" } });
let token: string;
let pageId: string;
const clients: TestClient[] = [];

function connect(): TestClient {
  const client = connectClient(server.url, pageId, { token });
  clients.push(client);
  return client;
}

function countOf(texts: string[], marker: string): number {
  return texts.filter((t) => t === marker).length;
}

beforeAll(async () => {
  const owner = await makeUser("Durable Dana");
  token = owner.token;
  const { page } = await makeWikiWithMembers(owner, [], "Start.");
  pageId = page.id;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

describe("kill -9 durability", () => {
  const acknowledged: string[] = [];

  // Each kill point: how many edits to make before waiting for the acknowledgement and killing.
  it.each([1, 6, 7, 8, 30, 75])("keeps every acknowledged edit when killed right after %i edits", async (count) => {
    const writer = connect();
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    const markers = Array.from({ length: count }, (_, i) => `marker k${count}-${i}-${Math.random().toString(36).slice(2, 8)}`);
    for (const marker of markers) appendParagraph(writer.doc, marker);
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true), { interval: 2 });
    await server.kill("SIGKILL");
    acknowledged.push(...markers);
    writer.destroy();

    await server.start();
    const reader = connect();
    // A restarted server on a busy machine can take a while to serve its first page.
    await waitFor(() => expect(reader.provider.isSynced).toBe(true), { timeout: 30_000 });
    const texts = paragraphs(reader.doc);
    for (const marker of acknowledged) expect(countOf(texts, marker)).toBe(1);
    reader.destroy();
  });

  it("does not duplicate content when a client reconnects after a restart, with offline edits", async () => {
    const survivor = connect();
    await waitFor(() => expect(survivor.provider.isSynced).toBe(true));
    appendParagraph(survivor.doc, "before restart");
    await waitFor(() => expect(isAcknowledged(survivor)).toBe(true));
    await server.kill("SIGKILL");

    // Typed while the server is down: not acknowledged, kept by the client.
    appendParagraph(survivor.doc, "typed while offline");
    await server.start();
    await waitFor(() => expect(isAcknowledged(survivor)).toBe(true), { timeout: 20_000 });

    const reader = connect();
    await waitFor(() => expect(paragraphs(reader.doc)).toEqual(paragraphs(survivor.doc)));
    const texts = paragraphs(reader.doc);
    expect(countOf(texts, "before restart")).toBe(1);
    expect(countOf(texts, "typed while offline")).toBe(1);
    expect(countOf(texts, "Start.")).toBe(1);
    for (const marker of acknowledged) expect(countOf(texts, marker)).toBe(1);
  });
});
