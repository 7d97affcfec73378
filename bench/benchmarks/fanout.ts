import { pageDocumentName } from "@/lib/collab/document-name";
import { updateFrame } from "@/tests/helpers/wire";
import { closeAll, connectMany, paced, presenceEverySecond, sleep } from "../lib/collab-load";
import { replayConcurrent } from "../lib/replay";
import { bearer, makeBenchUser, makeBenchWiki, makePageWithState, type BenchUser } from "../lib/seed";
import { startBare, startOpinio, type BenchServer, type ServerKind } from "../lib/servers";
import { median, nowMs, percentile } from "../lib/timing";
import { loadTrace, tracesAvailable, type ConcurrentTrace } from "../lib/traces";
import type { BenchOptions, BenchResult, BenchRow } from "../lib/types";
import { updateKey } from "../lib/wire";

/** Metric names, shared with the smoke test. Each appears once per reader count, as "… (N=10)". */
export const METRICS = {
  p50: "edit-to-remote latency p50",
  p99: "edit-to-remote latency p99",
  eventLoop: "server event-loop delay p99",
  delivered: "edits delivered to every reader",
} as const;

export const name = "fanout";
export const description = "Two writers replay a real concurrent trace at typing speed to N readers with presence; edit-to-remote latency";

const TRACE = "friendsforever";
const EDITS_PER_SECOND_PER_WRITER = 10;
const SIZES = {
  full: { readers: [10, 50, 100], seconds: 20 },
  quick: { readers: [10], seconds: 2 },
};

type Measured = { p50: number; p99: number; eventLoopP99: number; delivered: number; sent: number; awarenessPerReader: number };

type Setup = {
  owner: BenchUser;
  writers: BenchUser[];
  readers: BenchUser[];
  documentName: string;
  base: Uint8Array;
  edits: { agent: number; frame: Uint8Array; key: string }[];
};

async function measureServer(server: BenchServer, setup: Setup, readerCounts: number[], seconds: number): Promise<Map<number, Measured>> {
  const relay = server.kind === "relay";
  const opinio = server.kind === "opinio";
  const clientOptions = (user: BenchUser, onUpdate?: (update: Uint8Array, at: number) => void) => ({
    url: server.url,
    documentName: setup.documentName,
    relay,
    headers: opinio ? bearer(user) : undefined,
    onUpdate,
  });
  const identity = (user: BenchUser) => ({ user: { id: user.id, name: user.name, color: user.color } });
  // The writers stay for every N, so a bare server keeps its (unpersisted) document loaded.
  const writers = await connectMany(2, (i) => clientOptions(setup.writers[i]));
  if (server.kind === "hocuspocus") {
    writers[0].sendUpdate(setup.base); // the page as Opinio has it stored
    await writers[0].acknowledgedAtLeast(1);
  }
  const results = new Map<number, Measured>();
  let next = 0; // the trace continues from one N to the next: edits must arrive in causal order
  for (const count of readerCounts) {
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const readers = await connectMany(count, (i) =>
      clientOptions(setup.readers[i], (update, at) => {
        const sent = sentAt.get(updateKey(update));
        if (sent !== undefined) latencies.push(at - sent);
      }),
    );
    const stopPresence = presenceEverySecond([
      ...writers.map((client, i) => ({ client, state: identity(setup.writers[i]) })),
      ...readers.map((client, i) => ({ client, state: identity(setup.readers[i]) })),
    ]);
    await sleep(1000); // presence settles
    await server.diagnostics({ reset: true });
    const first = next;
    const sent = await paced(1000 / (2 * EDITS_PER_SECOND_PER_WRITER), seconds * 1000, () => {
      const edit = setup.edits[next];
      if (!edit) return false;
      sentAt.set(edit.key, nowMs()); // the clock the wire clients stamp arrivals with
      writers[edit.agent % 2].send(edit.frame);
      next++;
    });
    // Let the last edits arrive everywhere (or give up after two seconds).
    const expected = (next - first) * count;
    for (let waited = 0; latencies.length < expected && waited < 2000; waited += 50) await sleep(50);
    const diagnostics = await server.diagnostics();
    stopPresence();
    const awareness = readers.reduce((sum, reader) => sum + reader.awarenessReceived, 0) / count;
    await closeAll(readers);
    results.set(count, {
      p50: median(latencies),
      p99: percentile(latencies, 99),
      eventLoopP99: diagnostics.eventLoop.p99,
      delivered: latencies.length / expected,
      sent,
      awarenessPerReader: awareness,
    });
    await sleep(300);
  }
  await closeAll(writers);
  return results;
}

export async function run({ quick, dataDir }: BenchOptions): Promise<BenchResult> {
  const available = tracesAvailable();
  if (!available.ok) return { rows: [], notes: [`skipped: ${available.message}`] };
  const size = quick ? SIZES.quick : SIZES.full;
  const editsNeeded = size.readers.length * size.seconds * 2 * EDITS_PER_SECOND_PER_WRITER + 50;

  // Data: one page, two editors writing, one account per reader.
  const owner = await makeBenchUser("Owner");
  const writerUsers = [await makeBenchUser("Writer A"), await makeBenchUser("Writer B")];
  const maxReaders = Math.max(...size.readers);
  const readerUsers: BenchUser[] = [];
  for (let i = 0; i < maxReaders; i++) readerUsers.push(await makeBenchUser(`Reader ${i + 1}`));
  const wiki = await makeBenchWiki(owner, [...writerUsers, ...readerUsers]);
  const trace = loadTrace(TRACE) as ConcurrentTrace;
  // Non-empty edits only (a transaction that changes nothing sends nothing), enough for every N.
  const replay = replayConcurrent(trace, { limit: Math.min(trace.txns.length, Math.ceil(editsNeeded * 1.2)) });
  const page = await makePageWithState(wiki.id, owner, "Fanout", replay.base);
  const documentName = pageDocumentName(page.id);
  const edits = replay.updates
    .filter(({ update }) => update.byteLength > 2)
    .slice(0, editsNeeded)
    .map(({ agent, update }) => ({ agent, frame: updateFrame(documentName, update), key: updateKey(update) }));
  const setup: Setup = { owner, writers: writerUsers, readers: readerUsers, documentName, base: replay.base, edits };

  const measured = new Map<ServerKind, Map<number, Measured>>();
  for (const kind of ["opinio", "hocuspocus", "relay"] as const) {
    const server = kind === "opinio" ? await startOpinio(dataDir) : await startBare(kind);
    try {
      measured.set(kind, await measureServer(server, setup, size.readers, size.seconds));
    } finally {
      await server.stop();
    }
  }

  const rows: BenchRow[] = [];
  const ours = measured.get("opinio")!;
  const bare = measured.get("hocuspocus")!;
  const relay = measured.get("relay")!;
  for (const n of size.readers) {
    const o = ours.get(n)!;
    const h = bare.get(n)!;
    const r = relay.get(n)!;
    const suffix = ` (N=${n})`;
    rows.push(
      { metric: METRICS.p50 + suffix, value: o.p50, unit: "ms", reference: { label: "bare Hocuspocus", value: h.p50 } },
      { metric: METRICS.p99 + suffix, value: o.p99, unit: "ms", reference: { label: "bare Hocuspocus", value: h.p99 } },
      { metric: METRICS.p99 + suffix, value: o.p99, unit: "ms", reference: { label: "raw ws relay", value: r.p99 } },
      {
        metric: METRICS.eventLoop + suffix,
        value: o.eventLoopP99,
        unit: "ms",
        reference: { label: "bare Hocuspocus", value: h.eventLoopP99 },
      },
      {
        metric: METRICS.delivered + suffix,
        value: o.delivered * 100,
        unit: "%",
        reference: { label: "bare Hocuspocus", value: h.delivered * 100 },
      },
    );
  }
  const describeRun = (kind: ServerKind) =>
    [...measured.get(kind)!.entries()]
      .map(
        ([n, m]) =>
          `N=${n}: p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms, loop p99 ${m.eventLoopP99.toFixed(1)} ms, ${m.sent} edits, ${m.awarenessPerReader.toFixed(0)} presence messages per reader`,
      )
      .join("; ");
  const notes = [
    `Workload: the ${TRACE} trace (josephg/editing-traces, CC BY 4.0, Joseph Gentle) replayed as real Yjs updates on one paragraph's Y.XmlText in the page's "default" fragment, ` +
      `two writers (one per trace agent) sending in trace order at ${EDITS_PER_SECOND_PER_WRITER} edits/s each for ${size.seconds} s per N; N readers (one account each) and the writers send presence (awareness) once a second.`,
    "Latency: from the writer's send to a reader's receipt of the same update bytes, over every (edit, reader) pair; all clients live in the benchmark process and share its clock.",
    "Event-loop delay: perf_hooks.monitorEventLoopDelay inside the server process (OPINIO_DIAGNOSTICS=1, read over IPC), over the measured window.",
    "References, same run, same clients: a bare Hocuspocus 3.4.4 server (no extensions: no auth, no persistence) and a raw ws relay forwarding every frame unparsed, each a child process like Opinio's server.",
    `Targets: p99 ≤ 1.5× bare Hocuspocus and ≤ 25 ms at N = 50; event-loop p99 < 20 ms.`,
    `Opinio: ${describeRun("opinio")}.`,
    `Bare Hocuspocus: ${describeRun("hocuspocus")}.`,
    `Raw ws relay: ${describeRun("relay")}.`,
  ];
  return { rows, notes };
}
