import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { getDbHandle } from "@/db/client";
import { countPageUpdates, findPageContent, loadPageState } from "@/db/queries/page-content";
import { pageDocumentName } from "@/lib/collab/document-name";
import { readPageContent } from "@/lib/pages/content";
import { userColor } from "@/lib/users/color";
import { appendParagraph, connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { holdsFor, waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";
import { handWritten, GC_OF_LENGTH_0 } from "../helpers/hand-written-updates";
import { awarenessFrame, MessageType, statelessFrame, updateFrame } from "../helpers/wire";

const server = withServer();
const clients: TestClient[] = [];
let owner: Awaited<ReturnType<typeof makeUser>>;
let editor: Awaited<ReturnType<typeof makeUser>>;
let viewer: Awaited<ReturnType<typeof makeUser>>;
let outsider: Awaited<ReturnType<typeof makeUser>>;
let pageId: string;
let otherWikiPageId: string;

function connect(token: string, page = pageId): TestClient {
  const client = connectClient(server.url, page, { token });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  owner = await makeUser("Olivia Owner");
  editor = await makeUser("Eddie Editor");
  viewer = await makeUser("Vera Viewer");
  outsider = await makeUser("Oscar Outsider");
  const { page } = await makeWikiWithMembers(owner, [
    { user: editor, role: "editor" },
    { user: viewer, role: "viewer" },
  ]);
  pageId = page.id;
  const other = await makeWikiWithMembers(outsider, [], "Secret strategy memo.");
  otherWikiPageId = other.page.id;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

describe("collab server", () => {
  it("serves the stored page to a member", async () => {
    const client = connect(editor.token);
    await waitFor(() => expect(client.provider.isSynced).toBe(true));
    expect(paragraphs(client.doc)).toEqual(["Opening paragraph."]);
  });

  it("converges several concurrent editors, and a fresh reader sees the same", async () => {
    const writers = [connect(owner.token), connect(editor.token), connect(editor.token), connect(owner.token)];
    await waitFor(() => expect(writers.every((w) => w.provider.isSynced)).toBe(true));
    for (let round = 0; round < 10; round++) {
      writers.forEach((w, i) => appendParagraph(w.doc, `writer ${i} line ${round}`));
    }
    await waitFor(() => expect(writers.every(isAcknowledged)).toBe(true));
    await waitFor(() => {
      const first = JSON.stringify(writers[0].doc.getXmlFragment("default").toJSON());
      for (const w of writers) expect(JSON.stringify(w.doc.getXmlFragment("default").toJSON())).toBe(first);
    });
    const texts = paragraphs(writers[0].doc);
    expect(texts).toHaveLength(41);
    for (let i = 0; i < 4; i++) for (let r = 0; r < 10; r++) expect(texts.filter((t) => t === `writer ${i} line ${r}`)).toHaveLength(1);

    const reader = connect(viewer.token);
    await waitFor(() => expect(paragraphs(reader.doc)).toEqual(texts));
  });

  it("gives a viewer a read-only connection: its update is never applied or stored", async () => {
    const watcher = connect(editor.token);
    const spy = connect(viewer.token);
    await waitFor(() => expect(spy.provider.isSynced && watcher.provider.isSynced).toBe(true));
    const before = paragraphs(watcher.doc);
    appendParagraph(spy.doc, "VIEWER WAS HERE");
    // The server answers a read-only update with a negative SyncStatus: it stays unacknowledged.
    await holdsFor(async () => {
      expect(spy.provider.hasUnsyncedChanges).toBe(true);
      expect(paragraphs(watcher.doc)).toEqual(before);
      expect((await readPageContent(pageId)).text).not.toContain("VIEWER WAS HERE");
    }, 600);
  });

  it("refuses an unauthenticated upgrade with 401 before any WebSocket exists", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(server.url.replace("http", "ws") + "/collab");
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => reject(new Error("an anonymous socket was opened")));
      ws.on("error", () => undefined);
    });
    expect(status).toBe(401);
  });

  it("refuses a revoked or made-up token with 401", async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(server.url.replace("http", "ws") + "/collab", { headers: { authorization: "Bearer opn_not-a-real-token" } });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", () => undefined);
    });
    expect(status).toBe(401);
  });

  it("sends no document bytes to a signed-in non-member", async () => {
    const intruder = connect(outsider.token, pageId);
    await waitFor(() => expect(intruder.events.authenticationFailed).toBeGreaterThan(0));
    await holdsFor(() => {
      expect(intruder.provider.isSynced).toBe(false);
      expect(paragraphs(intruder.doc)).toEqual([]);
    }, 300);
    expect(Y.encodeStateVector(intruder.doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
  });

  it("does not let a socket authorized for one page open a page of a wiki it has no role in", async () => {
    const first = connect(editor.token, pageId);
    await waitFor(() => expect(first.provider.isSynced).toBe(true));
    // Same WebSocket, second multiplexed document.
    const second = connectClient(server.url, otherWikiPageId, {}, first.socket);
    clients.push(second);
    await waitFor(() => expect(second.events.authenticationFailed).toBeGreaterThan(0));
    expect(paragraphs(second.doc)).toEqual([]);
    expect(JSON.stringify(second.doc.toJSON())).not.toContain("Secret strategy memo");
    // The first document on that socket keeps working.
    appendParagraph(first.doc, "still editing");
    await waitFor(() => expect(isAcknowledged(first)).toBe(true));
  });

  it("logs each acknowledged update before compaction folds it into the stored state", async () => {
    const client = connect(editor.token);
    await waitFor(() => expect(client.provider.isSynced).toBe(true));
    appendParagraph(client.doc, "logged line");
    await waitFor(() => expect(isAcknowledged(client)).toBe(true));
    expect((await readPageContent(pageId)).text).toContain("logged line");
    expect(await countPageUpdates(pageId)).toBeGreaterThan(0);
    // After the idle delay the log is compacted into the stored state, which then carries the text.
    await waitFor(async () => expect((await findPageContent(pageId))?.text).toContain("logged line"), { timeout: 15_000 });
  });

  it("closes a connection that claims someone else's name in its awareness state", async () => {
    const honest = connect(editor.token);
    const forger = connect(viewer.token);
    await waitFor(() => expect(honest.provider.isSynced && forger.provider.isSynced).toBe(true));
    forger.provider.setAwarenessField("user", { id: owner.id, name: owner.name, color: "#000000" });
    await waitFor(() => expect(forger.events.closes).toBeGreaterThan(0));
    const names = [...honest.provider.awareness!.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name);
    expect(names).not.toContain(owner.name);
  });

  it("accepts an awareness state with the identity the server assigned", async () => {
    const me = connect(editor.token);
    const other = connect(owner.token);
    await waitFor(() => expect(me.provider.isSynced && other.provider.isSynced).toBe(true));
    me.provider.setAwarenessField("user", { id: editor.id, name: editor.name, color: userColor(editor.id) });
    await waitFor(() => {
      const names = [...other.provider.awareness!.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name);
      expect(names).toContain(editor.name);
    });
    // Each provider relays the other's state back to the server; that must not count as forgery.
    await holdsFor(() => expect(me.events.closes + other.events.closes).toBe(0), 300);
  });

  it("refuses client-sent broadcast-stateless messages", async () => {
    const sender = connect(editor.token);
    const listener = connect(owner.token);
    await waitFor(() => expect(sender.provider.isSynced && listener.provider.isSynced).toBe(true));
    let heard = 0;
    listener.provider.on("stateless", () => heard++);
    sender.socket.send(statelessFrame(pageDocumentName(pageId), MessageType.BroadcastStateless, "spoofed server announcement"));
    await waitFor(() => expect(sender.events.closes).toBeGreaterThan(0));
    expect(heard).toBe(0);
  });

  it("after closing a document for a refused message closes the socket too, so the provider reconnects and what it types next is stored", async () => {
    const sender = connect(editor.token);
    await waitFor(() => expect(sender.provider.isSynced).toBe(true));
    // Refused: the server closes the document.
    sender.socket.send(statelessFrame(pageDocumentName(pageId), MessageType.BroadcastStateless, "refused"));
    await waitFor(() => expect(sender.events.closes).toBeGreaterThan(0));
    // A socket left open after the close would carry this edit to a detached document: never
    // applied, never acknowledged.
    appendParagraph(sender.doc, "typed after the server closed the document");
    await waitFor(() => expect(isAcknowledged(sender)).toBe(true));
    const reader = connect(owner.token);
    await waitFor(() => expect(paragraphs(reader.doc)).toContain("typed after the server closed the document"));
  });

  it("ignores awareness entries a socket relays for someone else's client id (no disconnect, no change to their presence)", async () => {
    const present = connect(editor.token);
    const relayer = connect(owner.token);
    const observer = connect(owner.token);
    await waitFor(() => expect(present.provider.isSynced && relayer.provider.isSynced && observer.provider.isSynced).toBe(true));
    const identity = { id: editor.id, name: editor.name, color: userColor(editor.id) };
    present.provider.setAwarenessField("user", identity);
    await waitFor(() => expect(observer.provider.awareness!.getStates().get(present.doc.clientID)?.user).toEqual(identity));
    const doc = pageDocumentName(pageId);
    // What a provider sends after its socket dropped: "removed" for everyone it saw, and states
    // of others with clocks newer than the server's (the server restarted, or has not yet
    // applied the owner's own entry).
    relayer.socket.send(awarenessFrame(doc, present.doc.clientID, 10_000, null));
    relayer.socket.send(awarenessFrame(doc, present.doc.clientID, 10_001, { user: identity, cursor: null }));
    appendParagraph(relayer.doc, "typed by the relaying provider");
    await waitFor(() => expect(isAcknowledged(relayer)).toBe(true));
    expect(relayer.events.closes).toBe(0);
    expect(observer.provider.awareness!.getStates().get(present.doc.clientID)?.user).toEqual(identity);
    expect(observer.provider.awareness!.meta.get(present.doc.clientID)!.clock).toBeLessThan(10_000);
  });

  it("refuses an update that would make the page unloadable once stored: closed unapplied, the page still loads", async () => {
    const { page } = await makeWikiWithMembers(
      owner,
      [
        { user: editor, role: "editor" },
        { user: viewer, role: "viewer" },
      ],
      "Still loads.",
    );
    const hostile = connect(editor.token, page.id);
    await waitFor(() => expect(hostile.provider.isSynced).toBe(true));
    // Yjs would take this GC struct of length 0, and the state compaction then writes would throw
    // on every load (found by tests/reliability/fuzz.test.ts).
    hostile.socket.send(updateFrame(pageDocumentName(page.id), handWritten(GC_OF_LENGTH_0)));
    await waitFor(() => expect(hostile.events.closes).toBeGreaterThan(0));
    // An honest edit afterwards, so the page is compacted and its state written again.
    const honest = connect(owner.token, page.id);
    await waitFor(() => expect(honest.provider.isSynced).toBe(true));
    appendParagraph(honest.doc, "written after the refusal");
    await waitFor(async () => expect((await findPageContent(page.id))?.text).toContain("written after the refusal"), { timeout: 15_000 });
    // Loaded as the collab server loads a page: the stored state, then the log after it.
    const stored = (await loadPageState(page.id))!;
    const loaded = new Y.Doc();
    expect(() =>
      [stored.ydoc, ...stored.updates.map((entry) => entry.update)].forEach((update) => Y.applyUpdate(loaded, update)),
    ).not.toThrow();
    const reader = connect(viewer.token, page.id);
    await waitFor(() => expect(paragraphs(reader.doc)).toEqual(["Still loads.", "written after the refusal"]));
  });

  it("refuses the connection when a page cannot be loaded, and leaves the stored bytes alone", async () => {
    const { page } = await makeWikiWithMembers(owner, [], "Will be corrupted.");
    const sqlite = getDbHandle().sqlite;
    const corrupt = Buffer.from([1, 2, 3, 4, 5, 6, 7]);
    sqlite.prepare("UPDATE page_contents SET ydoc = ? WHERE page_id = ?").run(corrupt, page.id);
    const client = connect(owner.token, page.id);
    await waitFor(() => expect(client.events.authenticationFailed).toBeGreaterThan(0));
    appendParagraph(client.doc, "typed into a page that never loaded");
    await holdsFor(() => expect(client.provider.isSynced).toBe(false), 500);
    const row = sqlite.prepare("SELECT ydoc FROM page_contents WHERE page_id = ?").get(page.id) as { ydoc: Buffer };
    expect(Buffer.compare(row.ydoc, corrupt)).toBe(0);
    expect(await countPageUpdates(page.id)).toBe(0);
  });

  it("closes a member's open connections within 2 s of a downgrade or removal, and re-authorizes them", async () => {
    const member = await makeUser("Rita Revoked");
    const { wiki, page } = await makeWikiWithMembers(owner, [{ user: member, role: "editor" }]);
    const client = connect(member.token, page.id);
    await waitFor(() => expect(client.provider.isSynced).toBe(true));
    const call = (method: string, body?: unknown) =>
      fetch(`${server.url}/api/v1/wikis/${wiki.id}/members/${member.id}`, {
        method,
        headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });

    expect((await call("PUT", { role: "viewer" })).status).toBe(200);
    await waitFor(() => expect(client.events.closes).toBeGreaterThan(0), { timeout: 2000 });
    // The provider reconnects on its own and is now read-only: its edits are refused.
    await waitFor(() => expect(client.events.synced).toBeGreaterThan(1));
    appendParagraph(client.doc, "written after the downgrade");
    await holdsFor(async () => {
      expect(client.provider.hasUnsyncedChanges).toBe(true);
      expect((await readPageContent(page.id)).text).not.toContain("written after the downgrade");
    }, 500);

    const closesBefore = client.events.closes;
    expect((await call("DELETE")).status).toBe(204);
    await waitFor(() => expect(client.events.closes).toBeGreaterThan(closesBefore), { timeout: 2000 });
    await waitFor(() => expect(client.events.authenticationFailed).toBeGreaterThan(0));
  });
});
