import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { pageDocumentName } from "@/lib/collab/document-name";
import { createPage } from "@/lib/commands/pages";
import { appendParagraph, connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { startRedisProcess, type RedisProcess } from "../helpers/redis-process";
import { startTcpLink, type TcpLink } from "../helpers/tcp-link";
import { callApi, startServer, type RunningServer } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { withPostgres, withTempPostgresForCommands } from "../helpers/temp-postgres";
import { holdsFor, waitFor } from "../helpers/wait";

/**
 * Two instances on one PostgreSQL database and a Redis of the test's own (issue 20), real servers
 * and real WebSockets: what reaches every instance when a member loses access, and what happens
 * to forwarded sockets, new sockets, the control bus and owner calls when Redis stops and comes
 * back. Page ownership is decided by who connects first: a page's first socket goes to the
 * instance meant to own it.
 */
const postgres = withTempPostgresForCommands();
let redis: RedisProcess;
/** A's way to Redis, which the test can cut while B's stays up. */
let aToRedis: TcpLink;
let a: RunningServer;
let b: RunningServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedisProcess();
  aToRedis = await startTcpLink(redis.url);
  const env = {
    DATABASE_URL: postgres.url,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 20).toString("base64"),
  };
  [a, b] = await Promise.all([
    startServer({ env: { ...env, REDIS_URL: aToRedis.url } }),
    startServer({ env: { ...env, REDIS_URL: redis.url } }),
  ]);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all([a?.kill(), b?.kill()]);
  await aToRedis?.close();
  await redis?.stop();
});

type TestUser = Awaited<ReturnType<typeof makeUser>>;

async function connect(server: RunningServer, user: TestUser, pageId: string): Promise<TestClient> {
  const client = connectClient(server.url, pageId, { cookie: await sessionCookie(user), origin: server.url }, undefined, {
    pathPerPage: true,
  });
  clients.push(client);
  return client;
}

async function leaseOwner(pageId: string): Promise<string | undefined> {
  const result = await withPostgres(postgres.url, (client) =>
    client.query<{ owner: string }>("SELECT owner FROM page_leases WHERE page_id = $1 AND expires_at > now()", [pageId]),
  );
  return result.rows[0]?.owner;
}

/** A page owned by `server`: its first socket is opened there, by its wiki's owner. */
async function ownedBy(server: RunningServer, owner: TestUser, pageId: string): Promise<TestClient> {
  const client = await connect(server, owner, pageId);
  await waitFor(() => expect(client.events.synced).toBeGreaterThan(0));
  return client;
}

/** A raw socket to `server` for the page; resolves with how it ended, and after how long. */
function rawSocketEnd(server: RunningServer, user: TestUser, pageId: string) {
  return sessionCookie(user).then(
    (cookie) =>
      new Promise<{ code: number; reason: string; ms: number }>((resolve, reject) => {
        const started = performance.now();
        const ws = new WebSocket(`${server.url.replace(/^http/, "ws")}/collab/${pageDocumentName(pageId)}`, {
          headers: { cookie, origin: server.url },
        });
        ws.on("error", () => undefined);
        ws.on("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
        ws.on("close", (code, reason) => resolve({ code, reason: reason.toString(), ms: performance.now() - started }));
      }),
  );
}

const closedSince = (client: TestClient, before: number) => client.events.closes > before;

/**
 * A request whose effect is timed from its reply (what the issue measures); the time from sending
 * it is printed too, since sockets often close before the reply arrives.
 */
function timed<T>(request: () => Promise<T>) {
  const sentAt = performance.now();
  let repliedAt = Infinity;
  const reply = request().then((value) => ((repliedAt = performance.now()), value));
  return {
    reply,
    /** Call once the effect is seen: prints both figures, returns the one from the reply. */
    report(what: string): number {
      const now = performance.now();
      const fromReply = Math.max(0, now - repliedAt);
      console.log(`${what} ${fromReply.toFixed(0)} ms after the reply (${(now - sentAt).toFixed(0)} ms after the request was sent)`);
      return fromReply;
    },
  };
}

describe("a member removed or downgraded on one instance", () => {
  it("loses every socket on every instance within 2 s, and is refused or read-only afterwards", async () => {
    const owner = await makeUser("Olga Owner");
    const member = await makeUser("Rolf Removed");
    const reader = await makeUser("Dora Downgraded");
    const { wiki, page } = await makeWikiWithMembers(
      owner,
      [
        { user: member, role: "editor" },
        { user: reader, role: "editor" },
      ],
      "Opening on A.",
    );
    const other = await createPage({ wikiId: wiki.id, title: "Served by B", markdown: "Opening on B." }, owner.id);
    await ownedBy(a, owner, page.id);
    await ownedBy(b, owner, other.id);
    expect(await leaseOwner(page.id)).not.toBe(await leaseOwner(other.id));

    // Each person: direct to A's page, forwarded from B to A, and direct to B's own page.
    const socketsOf = async (user: TestUser) => [
      await connect(a, user, page.id),
      await connect(b, user, page.id),
      await connect(b, user, other.id),
    ];
    const memberSockets = await socketsOf(member);
    const readerSockets = await socketsOf(reader);
    await waitFor(() => expect([...memberSockets, ...readerSockets].every((c) => c.events.synced > 0)).toBe(true));

    const closesBefore = memberSockets.map((c) => c.events.closes);
    const removal = timed(() => callApi(a, owner.token, "DELETE", `/wikis/${wiki.id}/members/${member.id}`));
    expect((await removal.reply).status).toBe(204);
    await waitFor(() => expect(memberSockets.every((c, i) => closedSince(c, closesBefore[i]))).toBe(true), {
      timeout: 5_000,
      interval: 10,
    });
    expect(removal.report("removal: every socket of the member closed")).toBeLessThanOrEqual(2_000);
    // Their reconnections are refused, wherever they land.
    await waitFor(() => expect(memberSockets.every((c) => c.events.authenticationFailed > 0)).toBe(true));

    const readerClosesBefore = readerSockets.map((c) => c.events.closes);
    const readerSyncsBefore = readerSockets.map((c) => c.events.synced);
    const downgrade = timed(() => callApi(a, owner.token, "PUT", `/wikis/${wiki.id}/members/${reader.id}`, { role: "viewer" }));
    expect((await downgrade.reply).status).toBe(200);
    await waitFor(() => expect(readerSockets.every((c, i) => closedSince(c, readerClosesBefore[i]))).toBe(true), {
      timeout: 5_000,
      interval: 10,
    });
    expect(downgrade.report("downgrade: every socket of the reader closed")).toBeLessThanOrEqual(2_000);
    // They come back read-only: their edits are never applied, on either page.
    await waitFor(() => expect(readerSockets.every((c, i) => c.events.synced > readerSyncsBefore[i])).toBe(true));
    readerSockets.forEach((c, i) => appendParagraph(c.doc, `Written read-only ${i}.`));
    await holdsFor(async () => {
      for (const pageId of [page.id, other.id]) {
        const reply = await callApi(b, owner.token, "GET", `/pages/${pageId}`);
        expect(reply.json.text).not.toContain("Written read-only");
      }
      expect(readerSockets.every((c) => c.provider.hasUnsyncedChanges)).toBe(true);
    }, 1_000);
  });
});

describe("Redis stopped and started again", () => {
  it("closes forwarded and new sockets on the forwarder at once, keeps the owner editing, and resumes everything after", async () => {
    const owner = await makeUser("Ada Owner");
    const editor = await makeUser("Ben Forwarded");
    const member = await makeUser("Mia Member");
    const leaving = await makeUser("Lea Left-during-the-outage");
    const demoted = await makeUser("Dan Demoted-during-the-outage");
    const { wiki, page } = await makeWikiWithMembers(
      owner,
      [
        { user: editor, role: "editor" },
        { user: member, role: "editor" },
        { user: leaving, role: "editor" },
        { user: demoted, role: "editor" },
      ],
      "Before the outage.",
    );
    const onBsPage = await createPage({ wikiId: wiki.id, title: "B's page", markdown: "Served by B." }, owner.id);
    const onA = await ownedBy(a, owner, page.id);
    await ownedBy(b, owner, onBsPage.id);
    const trashed = await createPage({ wikiId: wiki.id, title: "Trashed during the outage", markdown: "Soon gone." }, owner.id);
    const trashedOnB = await ownedBy(b, owner, trashed.id);
    // Sockets B serves itself, for people whose access changes on A while Redis is down.
    const leavingOnB = await connect(b, leaving, onBsPage.id);
    const demotedOnB = await connect(b, demoted, onBsPage.id);
    await waitFor(() => expect([leavingOnB, demotedOnB].every((c) => c.events.synced > 0)).toBe(true));
    const onB = await connect(b, editor, page.id);
    await waitFor(() => expect(onB.events.synced).toBeGreaterThan(0));
    appendParagraph(onA.doc, "Acknowledged by A before.");
    appendParagraph(onB.doc, "Acknowledged through B before.");
    await waitFor(() => expect([onA, onB].every(isAcknowledged)).toBe(true));

    const closesBefore = onB.events.closes;
    await redis.stop();
    const stoppedAt = performance.now();
    // The forwarded socket is closed, not left half-open: the browser reconnects. At once, when B's
    // Redis connection drops, not only once the relay's heartbeat (3 s) gives the owner up.
    await waitFor(() => expect(onB.events.closes).toBeGreaterThan(closesBefore), { timeout: 5_000, interval: 10 });
    const closedMs = performance.now() - stoppedAt;
    console.log(`outage: the forwarded socket on B closed ${closedMs.toFixed(0)} ms after Redis stopped`);
    expect(closedMs).toBeLessThan(1_500);
    // The owner goes on: its own socket edits and is acknowledged.
    appendParagraph(onA.doc, "Acknowledged by A during the outage.");
    await waitFor(() => expect(isAcknowledged(onA)).toBe(true));
    // A new socket on B for A's page is closed with a reason the provider retries after.
    const refused = await rawSocketEnd(b, member, page.id);
    console.log(`outage: a new socket on B for A's page ended with ${refused.code} "${refused.reason}" after ${refused.ms.toFixed(0)} ms`);
    expect([1012, 1013]).toContain(refused.code);
    // Refused when the relay cannot send its opening, not left waiting for the heartbeat (3 s).
    expect(refused.ms).toBeLessThan(1_500);
    // What B's person types meanwhile stays in their document, unacknowledged.
    appendParagraph(onB.doc, "Typed on B during the outage.");
    await holdsFor(() => expect(isAcknowledged(onB)).toBe(false), 500);
    // A removal, a downgrade and a page trashed on A while Redis is down still reach the sockets
    // B serves itself: B reads what changed from the database.
    const changed = [leavingOnB, demotedOnB, trashedOnB];
    const changedClosesBefore = changed.map((c) => c.events.closes);
    const demotedSyncsBefore = demotedOnB.events.synced;
    expect((await callApi(a, owner.token, "DELETE", `/wikis/${wiki.id}/members/${leaving.id}`)).status).toBe(204);
    expect((await callApi(a, owner.token, "PUT", `/wikis/${wiki.id}/members/${demoted.id}`, { role: "viewer" })).status).toBe(200);
    expect((await callApi(a, owner.token, "DELETE", `/pages/${trashed.id}`)).status).toBe(204);
    const changedAt = performance.now();
    await waitFor(() => expect(changed.every((c, i) => closedSince(c, changedClosesBefore[i]))).toBe(true), {
      timeout: 5_000,
      interval: 10,
    });
    const changedMs = performance.now() - changedAt;
    console.log(`outage: a removal, a downgrade and a trashing on A closed the sockets on B ${changedMs.toFixed(0)} ms after the replies`);
    expect(changedMs).toBeLessThanOrEqual(2_000);
    await waitFor(() => expect(leavingOnB.events.authenticationFailed).toBeGreaterThan(0));
    await waitFor(() => expect(trashedOnB.events.authenticationFailed).toBeGreaterThan(0));
    // The demoted person is back, read-only: what they type is never applied.
    await waitFor(() => expect(demotedOnB.events.synced).toBeGreaterThan(demotedSyncsBefore));
    appendParagraph(demotedOnB.doc, "Typed by a viewer.");
    await holdsFor(() => expect(demotedOnB.provider.hasUnsyncedChanges).toBe(true), 500);

    await redis.start();
    // B's person reconnects, is forwarded to A again, and both documents converge.
    await waitFor(() => expect(isAcknowledged(onB)).toBe(true), { timeout: 20_000, interval: 50 });
    const expected = [
      "Before the outage.",
      "Acknowledged by A before.",
      "Acknowledged through B before.",
      "Acknowledged by A during the outage.",
      "Typed on B during the outage.",
    ].sort();
    await waitFor(() => {
      for (const client of [onA, onB]) expect([...paragraphs(client.doc)].sort()).toEqual(expected);
    });
    appendParagraph(onB.doc, "Acknowledged through B after.");
    await waitFor(() => expect([onA, onB].every(isAcknowledged)).toBe(true));
    await waitFor(() => expect(paragraphs(onA.doc)).toContain("Acknowledged through B after."));
    // Nothing acknowledged was lost or doubled: a fresh read on either instance is what they see.
    for (const server of [a, b]) {
      const text: string = (await callApi(server, owner.token, "GET", `/pages/${page.id}`)).json.text;
      for (const line of [...expected, "Acknowledged through B after."]) expect(text.split(line).length - 1, line).toBe(1);
    }

    expect((await callApi(b, owner.token, "GET", `/pages/${onBsPage.id}`)).json.text).not.toContain("Typed by a viewer.");

    // The control bus is back: a removal on A closes the member's socket on a page B serves itself.
    const memberOnB = await connect(b, member, onBsPage.id);
    await waitFor(() => expect(memberOnB.events.synced).toBeGreaterThan(0));
    const memberClosesBefore = memberOnB.events.closes;
    expect((await callApi(a, owner.token, "DELETE", `/wikis/${wiki.id}/members/${member.id}`)).status).toBe(204);
    const removedAt = performance.now();
    await waitFor(() => expect(memberOnB.events.closes).toBeGreaterThan(memberClosesBefore), { timeout: 5_000, interval: 10 });
    expect(performance.now() - removedAt).toBeLessThanOrEqual(2_000);

    // Owner calls are back: both instances listen for them again, and a restore asked of B happens
    // on A's live document, the first time: a call made while the instances' own connections are
    // still reconnecting waits for them (it was answered "try again" before).
    const listening = new Redis(redis.url);
    try {
      await waitFor(async () => expect(await listening.pubsub("CHANNELS", "opinio:calls:*")).toHaveLength(2));
    } finally {
      listening.disconnect();
    }
    const restored = await callApi(b, owner.token, "POST", `/pages/${page.id}/restore`, { version: 1 });
    expect(restored.status, restored.text).toBe(201);
    await waitFor(() => expect(paragraphs(onA.doc)).toEqual(["Before the outage."]));
    await waitFor(() => expect(paragraphs(onB.doc)).toEqual(["Before the outage."]));
  }, 90_000);
});

describe("Redis unreachable from one instance only", () => {
  it("closes the sockets forwarded to that instance at the relay's next heartbeat, and resumes when it is back", async () => {
    const owner = await makeUser("Owen Owner-cut-off");
    const editor = await makeUser("Eve Forwarded-to-it");
    const { page } = await makeWikiWithMembers(owner, [{ user: editor, role: "editor" }], "Owned by A.");
    const onA = await ownedBy(a, owner, page.id);
    const onB = await connect(b, editor, page.id);
    await waitFor(() => expect(onB.events.synced).toBeGreaterThan(0));
    const closesBefore = onB.events.closes;

    aToRedis.cut();
    const cutAt = performance.now();
    // B's own Redis connection is fine: only the silence of A's channel tells it the tunnel is dead.
    await waitFor(() => expect(onB.events.closes).toBeGreaterThan(closesBefore), { timeout: 10_000, interval: 10 });
    const closedMs = performance.now() - cutAt;
    console.log(`one-sided: the socket forwarded to A closed ${closedMs.toFixed(0)} ms after A lost Redis`);
    // Within about one heartbeat (1 s) of A's channel going silent, before its 3 s timeout.
    expect(closedMs).toBeLessThan(2_500);
    appendParagraph(onA.doc, "Acknowledged by A while cut off.");
    appendParagraph(onB.doc, "Typed on B while A was cut off.");
    await waitFor(() => expect(isAcknowledged(onA)).toBe(true));
    await holdsFor(() => expect(isAcknowledged(onB)).toBe(false), 500);

    aToRedis.restore();
    await waitFor(() => expect([onA, onB].every(isAcknowledged)).toBe(true), { timeout: 20_000, interval: 50 });
    const expected = ["Owned by A.", "Acknowledged by A while cut off.", "Typed on B while A was cut off."].sort();
    await waitFor(() => {
      for (const client of [onA, onB]) expect([...paragraphs(client.doc)].sort()).toEqual(expected);
    });
    const text: string = (await callApi(b, owner.token, "GET", `/pages/${page.id}`)).json.text;
    for (const line of expected) expect(text.split(line).length - 1, line).toBe(1);
  });

  it("delivers what that instance decided meanwhile once it is back, to an instance that listened all along", async () => {
    const owner = await makeUser("Iris Isolated");
    const member = await makeUser("Max Missed");
    const { wiki, page } = await makeWikiWithMembers(owner, [{ user: member, role: "editor" }], "Served by B.");
    await ownedBy(b, owner, page.id);
    const memberOnB = await connect(b, member, page.id);
    await waitFor(() => expect(memberOnB.events.synced).toBeGreaterThan(0));
    const closesBefore = memberOnB.events.closes;

    aToRedis.cut();
    // Decided on A, which applies it to what it serves and cannot tell B: B hears nothing, and
    // has no reason to look (its own Redis connection never dropped).
    expect((await callApi(a, owner.token, "DELETE", `/wikis/${wiki.id}/members/${member.id}`)).status).toBe(204);
    await holdsFor(() => expect(memberOnB.events.closes).toBe(closesBefore), 500);
    aToRedis.restore();
    const restoredAt = performance.now();
    await waitFor(() => expect(memberOnB.events.closes).toBeGreaterThan(closesBefore), { timeout: 10_000, interval: 10 });
    console.log(
      `one-sided: the member's socket on B closed ${(performance.now() - restoredAt).toFixed(0)} ms after A could reach Redis again`,
    );
    await waitFor(() => expect(memberOnB.events.authenticationFailed).toBeGreaterThan(0));
  });
});
