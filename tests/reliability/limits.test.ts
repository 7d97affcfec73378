import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { closeDb } from "@/db/client";
import { countPageUpdates } from "@/db/queries/page-content";
import { DOCUMENT_TOO_LARGE_REASON } from "@/lib/collab/reasons";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { appendParagraph, connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers, useDataDir } from "../helpers/fixtures";
import { paragraph } from "../helpers/random-edits";
import { startServer } from "../helpers/server";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * Promise 8: resource limits hold, with clear errors, and legitimate users are not affected:
 * oversized frames (closed with 1009), a 10 MB paste and a 50,000-cell table (both over the frame
 * limit), a document past its size limit (4413), a flood of unauthenticated sockets (401), too
 * many sockets for one account (429), a client that stops reading (cut off), and password
 * guessing (rate limited, also with forged X-Forwarded-For).
 */
const LIMITS = {
  MAX_COLLAB_PAYLOAD_BYTES: String(512 * 1024),
  MAX_DOCUMENT_BYTES: String(3 * 1024 * 1024),
  MAX_CONNECTIONS_PER_USER: "8",
  MAX_SOCKET_BUFFER_BYTES: String(256 * 1024),
  AUTH_RATE_LIMIT: "5",
};

const server = withServer({ prefix: "opinio-limits-", env: LIMITS });
let owner: Awaited<ReturnType<typeof makeUser>>;
let bystander: Awaited<ReturnType<typeof makeUser>>;
let bystanderPage: string;
const clients: TestClient[] = [];

function connect(token: string, pageId: string) {
  const client = connectClient(server.url, pageId, { token });
  clients.push(client);
  return client;
}

function closeOf(client: TestClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    client.provider.on("close", ({ event }: { event: { code: number; reason: string } }) =>
      resolve({ code: event.code, reason: event.reason }),
    ),
  );
}

/** A legitimate user on another page still gets an edit through promptly. */
async function bystanderStillSyncs(label: string) {
  const writer = connect(bystander.token, bystanderPage);
  const reader = connect(bystander.token, bystanderPage);
  await waitFor(() => expect(writer.provider.isSynced && reader.provider.isSynced).toBe(true));
  appendParagraph(writer.doc, label);
  await waitFor(() => expect(paragraphs(reader.doc)).toContain(label));
  writer.destroy();
  reader.destroy();
}

beforeAll(async () => {
  owner = await makeUser("Lim Owner");
  bystander = await makeUser("Bea Bystander");
  bystanderPage = (await makeWikiWithMembers(bystander, [], "Unaffected.")).page.id;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

describe("resource limits", () => {
  it("closes a socket that sends an oversized frame with 1009", async () => {
    const ws = new WebSocket(server.url.replace(/^http/, "ws") + "/collab", { headers: { authorization: `Bearer ${owner.token}` } });
    ws.on("error", () => {});
    await new Promise((resolve) => ws.once("open", resolve));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send(Buffer.alloc(512 * 1024 + 1, 7));
    expect(await closed).toBe(1009);
    await bystanderStillSyncs("after an oversized frame");
  });

  it("refuses a 10 MB paste and a 50,000-cell table (over the frame limit) and stores nothing of them", async () => {
    const { page } = await makeWikiWithMembers(owner, [], "Small page.");
    for (const build of [
      (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FRAGMENT).insert(1, [paragraph("x".repeat(10 * 1024 * 1024))]),
      (doc: Y.Doc) => {
        const table = new Y.XmlElement("table");
        for (let r = 0; r < 500; r++) {
          const row = new Y.XmlElement("tableRow");
          row.insert(
            0,
            Array.from({ length: 100 }, () => {
              const cell = new Y.XmlElement("tableCell");
              cell.insert(0, [paragraph("c")]);
              return cell;
            }),
          );
          table.insert(r, [row]);
        }
        doc.getXmlFragment(DOCUMENT_FRAGMENT).insert(1, [table]);
      },
    ]) {
      const client = connect(owner.token, page.id);
      await waitFor(() => expect(client.provider.isSynced).toBe(true));
      const closed = closeOf(client);
      build(client.doc);
      expect((await closed).code).toBe(1009);
      client.destroy();
    }
    expect(await countPageUpdates(page.id)).toBe(0);
    const reader = connect(owner.token, page.id);
    await waitFor(() => expect(reader.provider.isSynced).toBe(true));
    expect(paragraphs(reader.doc)).toEqual(["Small page."]);
    await bystanderStillSyncs("after huge pastes");
  });

  it("stops a page growing past MAX_DOCUMENT_BYTES, telling the client why, keeping what was stored", async () => {
    const { page } = await makeWikiWithMembers(owner, [], "Growing page.");
    const client = connect(owner.token, page.id);
    await waitFor(() => expect(client.provider.isSynced).toBe(true));
    const closed = closeOf(client);
    // 400 KB at a time (under the frame limit) until the 3 MB document limit is hit.
    for (let i = 0; i < 10; i++) appendParagraph(client.doc, `${i} ${"y".repeat(400 * 1024)}`);
    expect((await closed).reason).toBe(DOCUMENT_TOO_LARGE_REASON);
    client.destroy();
    const reader = connect(owner.token, page.id);
    await waitFor(() => expect(reader.provider.isSynced).toBe(true));
    const texts = paragraphs(reader.doc);
    expect(texts[0]).toBe("Growing page.");
    expect(texts.length).toBeLessThan(10);
  });

  it("answers a flood of unauthenticated upgrades with 401 and keeps serving members", async () => {
    const statuses = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<number>((resolve) => {
            const ws = new WebSocket(server.url.replace(/^http/, "ws") + "/collab");
            ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
            ws.on("error", () => resolve(-1));
            ws.on("open", () => resolve(101));
          }),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    await bystanderStillSyncs("after an unauthenticated flood");
  });

  it("refuses more sockets than MAX_CONNECTIONS_PER_USER for one account with 429", async () => {
    const heavy = await makeUser("Heavy User");
    const sockets: WebSocket[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const ws = new WebSocket(server.url.replace(/^http/, "ws") + "/collab", { headers: { authorization: `Bearer ${heavy.token}` } });
      sockets.push(ws);
      statuses.push(
        await new Promise<number>((resolve) => {
          ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
          ws.on("open", () => resolve(101));
          ws.on("error", () => {});
        }),
      );
    }
    for (const ws of sockets) ws.terminate();
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(101));
    expect(statuses.slice(8)).toEqual([429, 429]);
    await bystanderStillSyncs("while one account is at its cap");
  });

  it("cuts off a client that stops reading, while the others keep up", async () => {
    // A server of its own: the traffic needed to fill the kernel's socket buffers first would
    // run into this file's small document limit.
    // Two guards: a socket that does not answer the heartbeat ping in time, or that has more
    // than MAX_SOCKET_BUFFER_BYTES queued (which on loopback only happens after the kernel's
    // buffers, tens of MB, are full), is closed.
    const own = await startServer({
      env: { MAX_SOCKET_BUFFER_BYTES: String(256 * 1024), COMPACT_AFTER_UPDATES: "10", COLLAB_HEARTBEAT_MS: "3000" },
    });
    try {
      closeDb(); // the test process's handle follows DATA_DIR only once reopened
      useDataDir(own.dataDir);
      const user = await makeUser("Sloane Slow");
      const { page } = await makeWikiWithMembers(user, [], "Busy page.");
      const at = (token: string) => {
        const client = connectClient(own.url, page.id, { token });
        clients.push(client);
        return client;
      };
      const [slow, writer, reader] = [at(user.token), at(user.token), at(user.token)];
      await waitFor(() => expect(slow.provider.isSynced && writer.provider.isSynced && reader.provider.isSynced).toBe(true));
      const slowSocket = (slow.socket as unknown as { webSocket: WebSocket | null }).webSocket!;
      let slowClosed = false;
      slowSocket.once("close", () => (slowClosed = true));
      const raw = (slowSocket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      // Stop reading: the kernel buffers fill, then the server's queue for this socket grows.
      raw.pause();
      // 60 KB in and out again, 300 times: 18 MB of broadcasts while the page itself stays small.
      const body = writer.doc.getXmlFragment(DOCUMENT_FRAGMENT);
      for (let i = 0; i < 300; i++) {
        body.insert(body.length, [paragraph(`${i} ${"z".repeat(60 * 1024)}`)]);
        body.delete(body.length - 1, 1);
        if (i % 20 === 0) await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
      }
      appendParagraph(writer.doc, "the last word");
      await waitFor(() => expect(paragraphs(reader.doc)).toEqual(["Busy page.", "the last word"]));
      // Time is what is tested: two heartbeats (COLLAB_HEARTBEAT_MS is 3000) with the ping unanswered.
      await new Promise((r) => setTimeout(r, 7000));
      raw.resume();
      await waitFor(() => expect(slowClosed).toBe(true));
      // It reconnects by itself and catches up like anyone else.
      await waitFor(() => expect(paragraphs(slow.doc)).toEqual(["Busy page.", "the last word"]), { timeout: 20_000 });
    } finally {
      closeDb();
      useDataDir(server.dataDir);
      await own.kill();
    }
  });

  it("rate-limits password guessing with a clear message, whatever X-Forwarded-For says", async () => {
    const victim = await makeUser("Victoria Victim");
    const someoneElse = await makeUser("Oscar Other");
    const attempt = async (password: string, forwardedFor?: string, email = victim.email) => {
      const csrf = await fetch(`${server.url}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie,
          ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
        },
        body: new URLSearchParams({ email, password, csrfToken }),
      });
      return response.headers.get("location") ?? "";
    };
    for (let i = 0; i < 5; i++) expect(await attempt("wrong guess", `10.0.0.${i}`)).toContain("error=CredentialsSignin");
    // The budget is spent: more guesses are refused as rate limited, forged addresses or not,
    // and even the right password waits.
    expect(await attempt("another guess")).toContain("code=rate_limited");
    expect(await attempt("another guess", "203.0.113.9")).toContain("code=rate_limited");
    expect(await attempt(victim.password, "198.51.100.7")).toContain("code=rate_limited");
    // Someone else signs in undisturbed.
    const other = await attempt(someoneElse.password, undefined, someoneElse.email);
    expect(other).not.toContain("error");
  });
});
