import fs from "node:fs";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { getDbHandle } from "@/db/client";
import { loadPageState } from "@/db/queries/page-content";
import { pageDocumentName } from "@/lib/collab/document-name";
import { appendParagraph, connectClient, paragraphs, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { paragraph, seededRandom, type Random } from "../helpers/random-edits";
import { askDiagnostics } from "../helpers/server";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";
import { frame, MessageType, updateFrame } from "../helpers/wire";

/**
 * Promise 7: hostile frames don't hurt others. Thousands of malformed frames (random bytes,
 * truncated and bit-flipped real messages, varint overflows, other documents' names) go to
 * /collab over authenticated sockets, before and after the Hocuspocus handshake, while two
 * honest clients keep editing another page. Pass: the server process stays up, its memory stays
 * bounded, the honest pair keeps syncing, and the server's event-loop delay p99 stays under 200 ms
 * (measured inside the server; asserted only in the soak run, as timings are not gated in CI).
 * FUZZ_FRAMES sets the count, FUZZ_SEED replays.
 */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const SOAK = Number(process.env.FUZZ_FRAMES ?? 0) > 20_000;

// With an IPC channel, the server reports its own event-loop delay (lib/server/diagnostics.ts).
const server = withServer({
  prefix: "opinio-fuzz-",
  ipc: true,
  env: { MAX_CONNECTIONS_PER_USER: "100", COMPACT_IDLE_MS: "100", OPINIO_DIAGNOSTICS: "1" },
});
let token: string;
let targetPage: string;
let honestPage: string;
const clients: TestClient[] = [];

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

/** A real Hocuspocus sync-update message for `documentName`, carrying a real Yjs update. */
function realUpdateMessage(documentName: string, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment("default").insert(0, [paragraph(text)]);
  return updateFrame(documentName, Y.encodeStateAsUpdate(doc));
}

function hostileFrame(random: Random, documentName: string): Uint8Array {
  const kind = random.int(6);
  if (kind === 0) return Uint8Array.from({ length: 1 + random.int(2000) }, () => random.int(256));
  const real = realUpdateMessage(random.chance(0.8) ? documentName : pageDocumentName("not-a-page"), "fuzzed ".repeat(1 + random.int(20)));
  if (kind === 1) return real.slice(0, random.int(real.length));
  if (kind === 2) {
    const flipped = real.slice();
    for (let i = 0; i < 1 + random.int(8); i++) flipped[random.int(flipped.length)] ^= 1 << random.int(8);
    return flipped;
  }
  if (kind === 3) return Uint8Array.from([...Array(12).fill(0xff), 0x01, 0x02]); // varint overflow in the name length
  if (kind === 4) {
    // A valid name, then an overflowing message type or sync step.
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, documentName);
    for (let i = 0; i < 11; i++) encoding.writeUint8(encoder, 0xff);
    return encoding.toUint8Array(encoder);
  }
  // A real message type with a body of noise.
  const { Awareness, Auth, QueryAwareness, Stateless, CLOSE, SyncStatus } = MessageType;
  const type = random.pick([Awareness, Auth, QueryAwareness, Stateless, CLOSE, SyncStatus]);
  const noise = Uint8Array.from({ length: random.int(300) }, () => random.int(256));
  return frame(documentName, type, (e) => encoding.writeUint8Array(e, noise));
}

/** Sends frames on raw authenticated sockets (reopening them as the server closes them) until `count` are out. */
async function fuzzRaw(count: number, random: Random, documentName: string): Promise<number> {
  let sent = 0;
  while (sent < count) {
    const ws = new WebSocket(server.url.replace(/^http/, "ws") + "/collab", { headers: { authorization: `Bearer ${token}` } });
    ws.on("error", () => {});
    const opened = await new Promise<boolean>((resolve) => {
      ws.once("open", () => resolve(true));
      ws.once("close", () => resolve(false));
    });
    if (!opened) {
      // Refused (too many sockets while the server closes the last ones): try again a little later.
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    const burst = Math.min(count - sent, 50 + random.int(200));
    for (let i = 0; i < burst && ws.readyState === WebSocket.OPEN; i++, sent++) ws.send(hostileFrame(random, documentName));
    // A random moment to hang up (timing is part of what is fuzzed).
    await new Promise((r) => setTimeout(r, random.int(5)));
    ws.terminate();
  }
  return sent;
}

beforeAll(async () => {
  const owner = await makeUser("Fuzzy Owner");
  token = owner.token;
  targetPage = (await makeWikiWithMembers(owner, [], "Target of the fuzzing.")).page.id;
  honestPage = (await makeWikiWithMembers(owner, [], "Honest work.")).page.id;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

describe(`collab fuzzing (seed ${SEED}, ${FRAMES} frames)`, () => {
  it("survives malformed frames before and after the handshake while honest clients keep syncing", async () => {
    console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const random = seededRandom(SEED);
    const writer = connectClient(server.url, honestPage, { token });
    const reader = connectClient(server.url, honestPage, { token });
    clients.push(writer, reader);
    await waitFor(() => expect(writer.provider.isSynced && reader.provider.isSynced).toBe(true), { timeout: 30_000 });
    const rssBefore = rssOf(server.process.pid!);
    await askDiagnostics(server.process, { reset: true });

    // Honest traffic throughout: a paragraph every 50 ms, timed until the reader has it.
    const delays: number[] = [];
    let honest = 0;
    let stop = false;
    const honestLoop = (async () => {
      while (!stop) {
        const text = `honest ${honest++}`;
        const at = performance.now();
        appendParagraph(writer.doc, text);
        await waitFor(() => expect(paragraphs(reader.doc)).toContain(text), { timeout: 20_000, interval: 2 });
        delays.push(performance.now() - at);
        // The honest writer's pace (time is the point: a steady trickle during the fuzzing).
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    // Half the frames before the handshake (raw sockets), half after it (a synced provider's socket).
    const documentName = pageDocumentName(targetPage);
    const before = await fuzzRaw(Math.floor(FRAMES / 2), random, documentName);
    let after = 0;
    while (after < FRAMES - before) {
      const victim = connectClient(server.url, targetPage, { token });
      clients.push(victim);
      await waitFor(() => expect(victim.provider.isSynced).toBe(true), { timeout: 30_000 });
      const socket = (victim.socket as unknown as { webSocket: WebSocket | null }).webSocket;
      const burst = Math.min(FRAMES - before - after, 200 + random.int(300));
      for (let i = 0; i < burst && socket?.readyState === WebSocket.OPEN; i++, after++) socket.send(hostileFrame(random, documentName));
      // Let the burst reach the server before hanging up (timing is part of what is fuzzed).
      await new Promise((r) => setTimeout(r, 10));
      victim.destroy();
    }
    const { eventLoop } = await askDiagnostics(server.process);
    stop = true;
    await honestLoop;

    expect(server.process.exitCode).toBeNull();
    expect(server.process.signalCode).toBeNull();
    const rssAfter = rssOf(server.process.pid!);
    const growth = rssAfter - rssBefore;
    // Bounded: far below what keeping the frames (or per-frame state) around would cost.
    expect(growth).toBeLessThan(256 * 1024 * 1024);
    // The honest pair never lost an edit, and the fuzzed page still serves its real content.
    expect(paragraphs(reader.doc)).toEqual(paragraphs(writer.doc));
    const check = connectClient(server.url, targetPage, { token });
    clients.push(check);
    await waitFor(() => expect(check.provider.isSynced).toBe(true));
    // Valid updates among the fuzz are edits the owner may make; the original text is still there,
    // and the server still derives everything from the page (compaction empties the log).
    expect(paragraphs(check.doc)).toContain("Target of the fuzzing.");
    // Compaction has folded in every logged update (rows themselves stay until a version covers them).
    const { sqlite } = getDbHandle();
    try {
      await waitFor(
        () => {
          const compacted = (
            sqlite.prepare("SELECT compacted_through AS n FROM page_contents WHERE page_id = ?").get(targetPage) as { n: number }
          ).n;
          const newest = (
            sqlite.prepare("SELECT coalesce(max(id), 0) AS n FROM page_updates WHERE page_id = ?").get(targetPage) as { n: number }
          ).n;
          expect(compacted).toBeGreaterThanOrEqual(newest);
        },
        { timeout: 30_000 },
      );
    } catch (error) {
      // The server's own account of its compactions says why (the log is otherwise silent here).
      console.error(
        "server log, last lines:\n" +
          server
            .output()
            .split("\n")
            .filter((line) => line.trim() && !line.includes("Caught error while handling a Yjs update") && !/^\s+at /.test(line))
            .slice(-40)
            .join("\n"),
      );
      throw error;
    }

    // What is stored loads again, as the server loads a page (state, then the log after it): an
    // applied hostile update once left a state that threw on every load (lib/yjs/update-integrity.ts).
    // Checked here, not only through a client: a loaded page is served from memory.
    const stored = (await loadPageState(targetPage))!;
    const reloaded = new Y.Doc();
    for (const update of [stored.ydoc, ...stored.updates.map((entry) => entry.update)]) Y.applyUpdate(reloaded, update);
    expect(paragraphs(reloaded)).toContain("Target of the fuzzing.");

    delays.sort((a, b) => a - b);
    const p99 = delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.99))];
    console.log(
      `fuzz: ${before} frames before and ${after} after the handshake; server event-loop delay p99 ${eventLoop.p99.toFixed(1)} ms (max ${eventLoop.max.toFixed(0)} ms); ${honest} honest edits, edit-to-remote p50 ${delays[Math.floor(delays.length / 2)].toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (the test process sends the flood too); RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MB`,
    );
    // The promise: the server's event loop stays responsive under the flood (p99 < 200 ms).
    // Asserted in the soak run only: CI machines are too noisy for timed assertions.
    if (SOAK) expect(eventLoop.p99).toBeLessThan(200);
  }, 300_000);
});
