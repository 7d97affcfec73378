import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import type { Page } from "@/db/schema";
import { pageDocumentName } from "@/lib/collab/document-name";
import { createApiToken, revokeApiToken } from "@/lib/commands/tokens";
import { removeMember } from "@/lib/commands/wikis";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { userColor } from "@/lib/users/color";
import { connectClient, paragraphs, type TestClient } from "../helpers/collab-client";
import { storedPages } from "../helpers/db-snapshot";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/session-cookie";
import { holdsFor, waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";
import { authFrame, awarenessFrame, frame, MessageType, readFrame, statelessFrame, SyncStep, syncFrame } from "../helpers/wire";

/**
 * Promise 5 on /collab: every message type a client can send × every kind of caller. Written
 * frame by frame on a raw WebSocket (not through the provider, which would never send most of
 * these), so the server sees exactly what a hostile client would send.
 *
 * collab.test.ts already covers: anonymous and bad-token upgrades (401), a non-member getting no
 * bytes through the provider, a second multiplexed document of another wiki, a viewer's update
 * never applied, a forged awareness name closing the socket, broadcast-stateless refused, and
 * members' sockets closed on downgrade or removal. This file adds the rest of the matrix: sync
 * step 2, bare updates, stateless and broadcast-stateless from every role, messages sent before
 * or without authorization, names that are not pages or belong to another wiki, and cookie
 * upgrades with a missing, null or foreign Origin.
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;

const SECRET = "Collab secret OSPREY-93";
const INJECTED = "INJECTED BY A CLIENT THAT MAY NOT WRITE";

// No compaction or versions while a test compares stored bytes (the editor's test does write).
const server = withServer({
  prefix: "opinio-collab-authz-",
  env: { COMPACT_IDLE_MS: "600000", VERSION_IDLE_MS: "600000", VERSION_MAX_INTERVAL_MS: "600000" },
});
let owner: TestUser;
let editor: TestUser;
let commenter: TestUser;
let viewer: TestUser;
let removed: TestUser;
let stranger: TestUser;
let revokedToken: string;
let page: Page;
let foreignPage: Page;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];

/** A Yjs update that appends a paragraph (what a client that may not write would try to send). */
function hostileUpdate(text = INJECTED): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(DOCUMENT_FRAGMENT).insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

type Raw = { ws: WebSocket; frames: Buffer[]; closed: Promise<void>; isClosed: () => boolean };

/** A raw WebSocket to /collab; resolves once open, or rejects with the refused upgrade's status. */
function openRaw(headers: Record<string, string>, path = "/collab"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server.url.replace(/^http/, "ws") + path, { headers });
    sockets.push(ws);
    const frames: Buffer[] = [];
    let closed = false;
    const closedPromise = new Promise<void>((r) => ws.once("close", () => ((closed = true), r())));
    ws.on("message", (data) => frames.push(Buffer.from(data as Buffer)));
    ws.on("unexpected-response", (_req, res) =>
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })),
    );
    ws.on("error", () => undefined);
    ws.on("open", () => resolve({ ws, frames, closed: closedPromise, isClosed: () => closed }));
  });
}

/** Every byte the server sent on a socket, to search for content it must not have sent. */
const received = (raw: Raw) => Buffer.concat(raw.frames);

/**
 * Whether the server closed `doc` on this socket: Hocuspocus answers a refused message by sending
 * a Close message for that document and detaching the connection from it.
 */
function documentClosed(raw: Raw, doc: string): boolean {
  return raw.frames.some((data) => {
    try {
      const { documentName, type } = readFrame(data);
      return documentName === doc && type === MessageType.CLOSE;
    } catch {
      return false;
    }
  });
}

async function upgradeStatus(headers: Record<string, string>, path?: string): Promise<number> {
  try {
    const raw = await openRaw(headers, path);
    raw.ws.close();
    return 101;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

/** Page bodies and logs as stored, to prove nothing was written. */
const storedState = () => storedPages();

beforeAll(async () => {
  owner = await makeUser("Orla Owner");
  editor = await makeUser("Emil Editor");
  commenter = await makeUser("Cleo Commenter");
  viewer = await makeUser("Vito Viewer");
  removed = await makeUser("Rhea Removed");
  stranger = await makeUser("Sol Stranger");
  ({ page } = await makeWikiWithMembers(
    owner,
    [
      { user: editor, role: "editor" },
      { user: commenter, role: "commenter" },
      { user: viewer, role: "viewer" },
      { user: removed, role: "editor" },
    ],
    `${SECRET} stays inside the team.`,
  ));
  await removeMember(page.wikiId, removed.id, owner.id);
  foreignPage = (await makeWikiWithMembers(stranger, [], "The stranger's page.")).page;
  const revoked = await createApiToken(owner.id, "revoked");
  await revokeApiToken(owner.id, revoked.id);
  revokedToken = revoked.token;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of sockets) s.terminate();
});

/** The content hostile clients try to plant must never be stored or reach a watching editor. */
async function expectNothingWritten(before: string, watcher: TestClient): Promise<void> {
  await holdsFor(async () => {
    expect(await storedState()).toBe(before);
    expect(paragraphs(watcher.doc).join("\n")).not.toContain(INJECTED);
  }, 400);
}

async function watchingEditor(): Promise<TestClient> {
  const watcher = connectClient(server.url, page.id, { token: editor.token });
  clients.push(watcher);
  await waitFor(() => expect(watcher.provider.isSynced).toBe(true));
  return watcher;
}

describe("the upgrade", () => {
  it("refuses anonymous, revoked-token and cookie upgrades without our own Origin", async () => {
    const cookie = await sessionCookie(owner);
    expect(await upgradeStatus({})).toBe(401);
    expect(await upgradeStatus({ authorization: `Bearer ${revokedToken}` })).toBe(401);
    expect(await upgradeStatus({ "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" })).toBe(401);
    expect(await upgradeStatus({ cookie })).toBe(403);
    expect(await upgradeStatus({ cookie, origin: "null" })).toBe(403);
    expect(await upgradeStatus({ cookie, origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus({ cookie, origin: `${server.url}.evil.example` })).toBe(403);
    expect(await upgradeStatus({ cookie, origin: server.url })).toBe(101);
  });

  it("takes a page in the path, and refuses a path that names no page", async () => {
    const headers = { cookie: await sessionCookie(owner), origin: server.url };
    expect(await upgradeStatus(headers, `/collab/${pageDocumentName(page.id)}`)).toBe(101);
    expect(await upgradeStatus(headers, "/collab/page.")).toBe(404);
    expect(await upgradeStatus(headers, "/collab/notes.x")).toBe(404);
    expect(await upgradeStatus(headers, "/collab/%E0%A4%A")).toBe(404);
    expect(await upgradeStatus({}, "/collab/page.x/extra")).toBe(404);
  });
});

describe.each([
  ["removed member", () => removed],
  ["owner of another wiki", () => stranger],
] as const)("%s (valid token, no role in the wiki)", (_name, who) => {
  it("gets no document bytes and writes nothing, whatever it sends before or after being refused", async () => {
    const watcher = await watchingEditor();
    const before = await storedState();
    const raw = await openRaw({ authorization: `Bearer ${who().token}` });
    const doc = pageDocumentName(page.id);
    // Messages before authorizing (Hocuspocus queues them), then the auth, then more.
    raw.ws.send(syncFrame(doc, SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
    raw.ws.send(syncFrame(doc, SyncStep.Step2, hostileUpdate()));
    raw.ws.send(authFrame(doc));
    raw.ws.send(syncFrame(doc, SyncStep.Update, hostileUpdate()));
    raw.ws.send(syncFrame(doc, SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
    raw.ws.send(frame(doc, MessageType.QueryAwareness));
    raw.ws.send(statelessFrame(doc, MessageType.Stateless, JSON.stringify({ type: "comments-changed" })));
    await expectNothingWritten(before, watcher);
    expect(received(raw).includes(SECRET)).toBe(false);
    expect(received(raw).includes(Buffer.from(watcher.provider.awareness!.getLocalState()?.user?.name ?? "Emil Editor"))).toBe(false);
  });
});

describe.each([
  ["viewer", () => viewer],
  ["commenter", () => commenter],
] as const)("%s (read-only connection)", (_name, who) => {
  it("reads the page, but sync step 2, updates and sync replies change nothing", async () => {
    const watcher = await watchingEditor();
    const raw = await openRaw({ authorization: `Bearer ${who().token}` });
    const doc = pageDocumentName(page.id);
    raw.ws.send(authFrame(doc));
    raw.ws.send(syncFrame(doc, SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => expect(received(raw).includes(SECRET)).toBe(true));
    const before = await storedState();
    raw.ws.send(syncFrame(doc, SyncStep.Step2, hostileUpdate()));
    raw.ws.send(syncFrame(doc, SyncStep.Update, hostileUpdate()));
    await expectNothingWritten(before, watcher);
    // A type the provider never sends closes the document.
    raw.ws.send(
      frame(
        doc,
        MessageType.SyncReply,
        (e) => (encoding.writeVarUint(e, SyncStep.Update), encoding.writeVarUint8Array(e, hostileUpdate())),
      ),
    );
    await waitFor(() => expect(documentClosed(raw, doc)).toBe(true));
    await expectNothingWritten(before, watcher);
  });

  it("may send stateless messages, but nobody hears a broadcast; the document is closed for whoever tries", async () => {
    const watcher = await watchingEditor();
    let heard = 0;
    watcher.provider.on("stateless", () => heard++);
    const raw = await openRaw({ authorization: `Bearer ${who().token}` });
    const doc = pageDocumentName(page.id);
    raw.ws.send(authFrame(doc));
    raw.ws.send(syncFrame(doc, SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => expect(received(raw).includes(SECRET)).toBe(true));
    const before = await storedState();
    raw.ws.send(statelessFrame(doc, MessageType.Stateless, JSON.stringify({ type: "comments-changed" })));
    raw.ws.send(statelessFrame(doc, MessageType.BroadcastStateless, JSON.stringify({ type: "comments-changed" })));
    await waitFor(() => expect(documentClosed(raw, doc)).toBe(true));
    await expectNothingWritten(before, watcher);
    expect(heard).toBe(0);
  });

  it("shows others only the name the server assigned; a forged one closes the document, a taken-over client id is ignored, neither is seen", async () => {
    const watcher = await watchingEditor();
    const user = who();
    const raw = await openRaw({ authorization: `Bearer ${user.token}` });
    const doc = pageDocumentName(page.id);
    raw.ws.send(authFrame(doc));
    raw.ws.send(syncFrame(doc, SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => expect(received(raw).includes(SECRET)).toBe(true));
    const clientId = 4_000_000 + Math.floor(Math.random() * 1000);
    raw.ws.send(awarenessFrame(doc, clientId, 1, { user: { id: user.id, name: user.name, color: userColor(user.id) } }));
    const names = () => [...watcher.provider.awareness!.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name);
    await waitFor(() => expect(names()).toContain(user.name));
    raw.ws.send(awarenessFrame(doc, clientId, 2, { user: { id: owner.id, name: owner.name, color: userColor(owner.id) } }));
    await waitFor(() => expect(documentClosed(raw, doc)).toBe(true));
    // Someone else's client id, even with the sender's own identity, is never applied either:
    // here the watcher's, whose provider has only sent its clock-0 state (which y-protocols never
    // applies). The entry is dropped without closing anything, since honest providers relay
    // others' entries all the time.
    const second = await openRaw({ authorization: `Bearer ${user.token}` });
    second.ws.send(authFrame(doc));
    second.ws.send(syncFrame(doc, SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => expect(received(second).includes(SECRET)).toBe(true));
    second.ws.send(awarenessFrame(doc, watcher.doc.clientID, 999, { user: { id: user.id, name: user.name, color: userColor(user.id) } }));
    await holdsFor(() => {
      expect(documentClosed(second, doc)).toBe(false);
      expect(names()).not.toContain(owner.name);
    }, 300);
    expect(watcher.provider.awareness!.getStates().get(watcher.doc.clientID)?.user).not.toMatchObject({ id: user.id });
  });
});

describe("an editor's socket", () => {
  it("writes its own page (the positive control for the refusals above)", async () => {
    const watcher = await watchingEditor();
    const raw = await openRaw({ authorization: `Bearer ${editor.token}` });
    const doc = pageDocumentName(page.id);
    raw.ws.send(authFrame(doc));
    raw.ws.send(syncFrame(doc, SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => expect(received(raw).includes(SECRET)).toBe(true));
    const before = await storedState();
    raw.ws.send(syncFrame(doc, SyncStep.Update, hostileUpdate("Written by the editor's raw socket.")));
    await waitFor(() => expect(paragraphs(watcher.doc)).toContain("Written by the editor's raw socket."));
    await waitFor(async () => expect(await storedState()).not.toBe(before));
  });

  it("cannot open, read or write a second document that is another wiki's page, a trashed or made-up page, or not a page", async () => {
    const watcher = await watchingEditor();
    const raw = await openRaw({ authorization: `Bearer ${editor.token}` });
    const own = pageDocumentName(page.id);
    raw.ws.send(authFrame(own));
    raw.ws.send(syncFrame(own, SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => expect(received(raw).includes(SECRET)).toBe(true));
    const before = await storedState();
    const foreignText = "The stranger's page.";
    for (const name of [
      pageDocumentName(foreignPage.id),
      "page.no-such-page",
      `page.${foreignPage.id}/../${page.id}`,
      "wiki.settings",
      "",
      "page.",
    ]) {
      raw.ws.send(authFrame(name));
      raw.ws.send(syncFrame(name, SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
      raw.ws.send(syncFrame(name, SyncStep.Step2, hostileUpdate()));
      raw.ws.send(syncFrame(name, SyncStep.Update, hostileUpdate()));
    }
    await expectNothingWritten(before, watcher);
    expect(received(raw).includes(foreignText)).toBe(false);
  });
});
