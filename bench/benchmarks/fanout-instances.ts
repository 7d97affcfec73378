import fs from "node:fs";
import { Client } from "pg";
import { pageDocumentName } from "@/lib/collab/document-name";
import { updateFrame } from "@/tests/helpers/wire";
import { makeDataDir } from "@/tests/helpers/server";
import { closeAll, connectMany, paced, presenceEverySecond, sleep } from "../lib/collab-load";
import { withTempDataDir } from "../lib/data-dir";
import { replayConcurrent } from "../lib/replay";
import { bearer, makeBenchUser, makeBenchWiki, makePageWithState, type BenchUser } from "../lib/seed";
import { startOpinio, type BenchServer } from "../lib/servers";
import { median, nowMs, percentile } from "../lib/timing";
import { processCpuMs } from "../lib/process-cpu";
import { loadTrace, tracesAvailable, type ConcurrentTrace } from "../lib/traces";
import type { BenchOptions, BenchResult, BenchRow } from "../lib/types";
import { updateKey, WireClient } from "../lib/wire";

/** Metric names, shared with the smoke test. Each appears once per reader count, as "… (N=50)". */
export const METRICS = {
  p50: "edit-to-remote latency p50, readers on the other instance",
  p99: "edit-to-remote latency p99, readers on the other instance",
  ownerCpu: "owner's CPU, readers on the other instance",
  bothCpu: "both instances' CPU, readers on the other instance",
  delivered: "edits delivered to every reader on the other instance",
} as const;

export const name = "fanout-instances";
export const description =
  "Two instances on PostgreSQL and Redis: one writer on the page's owner, N readers on the other instance (forwarded) vs all on the owner";

const TRACE = "friendsforever";
const EDITS_PER_SECOND = 20;
const SIZES = {
  full: { readers: [10, 50], seconds: 20 },
  quick: { readers: [5], seconds: 2 },
};
const REDIS_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";

type Measured = {
  p50: number;
  p99: number;
  delivered: number;
  sent: number;
  ownerLoopP99: number;
  forwarderLoopP99: number;
  /** CPU time each instance spent per second of the phase, in % of one core. */
  ownerCpu: number;
  otherCpu: number;
};

type Setup = {
  writer: BenchUser;
  readers: BenchUser[];
  documentName: string;
  edits: { frame: Uint8Array; key: string }[];
};

/**
 * One phase: `count` readers connect to `readersOn` (the owner itself, or the other instance, which
 * forwards their frames over Redis), the writer on the owner types the trace, every reader's
 * receipt of every edit is timed. `next` is where the trace continues (edits must stay in order).
 */
async function phase(
  instances: { owner: BenchServer; other: BenchServer },
  readersOn: BenchServer,
  writer: WireClient,
  setup: Setup,
  count: number,
  seconds: number,
  next: { edit: number },
): Promise<Measured> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const readers = await connectMany(count, (i) => ({
    url: readersOn.url,
    documentName: setup.documentName,
    headers: bearer(setup.readers[i]),
    onUpdate: (update, at) => {
      const sent = sentAt.get(updateKey(update));
      if (sent !== undefined) latencies.push(at - sent);
    },
  }));
  const identity = (user: BenchUser) => ({ user: { id: user.id, name: user.name, color: user.color } });
  const stopPresence = presenceEverySecond([
    { client: writer, state: identity(setup.writer) },
    ...readers.map((client, i) => ({ client, state: identity(setup.readers[i]) })),
  ]);
  await sleep(1000); // presence settles
  await Promise.all([instances.owner.diagnostics({ reset: true }), instances.other.diagnostics({ reset: true })]);
  const first = next.edit;
  const cpuBefore = [processCpuMs(instances.owner.pid), processCpuMs(instances.other.pid)];
  const startedAt = nowMs();
  const sent = await paced(1000 / EDITS_PER_SECOND, seconds * 1000, () => {
    const edit = setup.edits[next.edit];
    if (!edit) return false;
    sentAt.set(edit.key, nowMs());
    writer.send(edit.frame);
    next.edit++;
  });
  const expected = (next.edit - first) * count;
  for (let waited = 0; latencies.length < expected && waited < 2000; waited += 50) await sleep(50);
  const [owner, other] = await Promise.all([instances.owner.diagnostics(), instances.other.diagnostics()]);
  const elapsedMs = nowMs() - startedAt;
  const [ownerCpu, otherCpu] = [instances.owner.pid, instances.other.pid].map(
    (pid, i) => ((processCpuMs(pid) - cpuBefore[i]) / elapsedMs) * 100,
  );
  stopPresence();
  await closeAll(readers);
  await sleep(300);
  return {
    p50: median(latencies),
    p99: percentile(latencies, 99),
    delivered: latencies.length / expected,
    sent,
    ownerLoopP99: owner.eventLoop.p99,
    forwarderLoopP99: other.eventLoop.p99,
    ownerCpu,
    otherCpu,
  };
}

async function measureOnPostgres(dataDir: string, quick: boolean): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const editsNeeded = (size.readers.length * 2 * size.seconds + 2) * EDITS_PER_SECOND + 50;
  const writer = await makeBenchUser("Writer");
  const readers: BenchUser[] = [];
  for (let i = 0; i < Math.max(...size.readers); i++) readers.push(await makeBenchUser(`Reader ${i + 1}`));
  const wiki = await makeBenchWiki(writer, readers, "viewer");
  const trace = loadTrace(TRACE) as ConcurrentTrace;
  const replay = replayConcurrent(trace, { limit: Math.min(trace.txns.length, Math.ceil(editsNeeded * 1.2)) });
  const page = await makePageWithState(wiki.id, writer, "Fan-out across instances", replay.base);
  const documentName = pageDocumentName(page.id);
  // One writer sends both agents' edits, in trace order (causal order holds).
  const edits = replay.updates
    .filter(({ update }) => update.byteLength > 2)
    .slice(0, editsNeeded)
    .map(({ update }) => ({ frame: updateFrame(documentName, update), key: updateKey(update) }));
  const setup: Setup = { writer, readers, documentName, edits };

  // Every instance shares the database (DATABASE_URL, inherited), Redis, the secret and the key.
  const env = { REDIS_URL, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString("base64") };
  const otherDir = makeDataDir("opinio-bench-instance-");
  const started: BenchServer[] = [];
  try {
    const owner = await startOpinio(dataDir, { env });
    started.push(owner);
    const other = await startOpinio(otherDir, { env });
    started.push(other);
    // The writer connects first, to the first instance, which therefore takes the page's lease.
    const writerClient = new WireClient({ url: owner.url, documentName, headers: bearer(writer) });
    await writerClient.synced;
    await expectOwner(documentName, page.id, owner);
    const results: { n: number; single: Measured; forwarded: Measured }[] = [];
    const next = { edit: 0 };
    try {
      // Untimed: both paths warm (the relay's first tunnels, the code behind them) before either is measured.
      for (const instance of [owner, other]) await phase({ owner, other }, instance, writerClient, setup, 5, 1, next);
      for (const n of size.readers) {
        const single = await phase({ owner, other }, owner, writerClient, setup, n, size.seconds, next);
        const forwarded = await phase({ owner, other }, other, writerClient, setup, n, size.seconds, next);
        results.push({ n, single, forwarded });
      }
    } finally {
      await writerClient.close();
    }
    return report(results, size.seconds);
  } finally {
    await Promise.all(started.map((server) => server.stop()));
    fs.rmSync(otherDir, { recursive: true, force: true });
  }
}

/**
 * The figures mean something only if the first instance owns the page: its lease row names the
 * instance, whose id contains its pid (lib/scale/instance.ts). Read like the scale-out tests read
 * it, straight from the database.
 */
async function expectOwner(documentName: string, pageId: string, owner: BenchServer): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ owner: string }>("SELECT owner FROM page_leases WHERE page_id = $1 AND expires_at > now()", [
      pageId,
    ]);
    if (rows.length !== 1 || !rows[0].owner.includes(`:${owner.pid}:`))
      throw new Error(`${documentName} should be owned by the first instance (pid ${owner.pid}); its lease: ${JSON.stringify(rows)}`);
  } finally {
    await client.end();
  }
}

function report(results: { n: number; single: Measured; forwarded: Measured }[], seconds: number): BenchResult {
  const rows: BenchRow[] = [];
  const reference = "all readers on the owner";
  for (const { n, single, forwarded } of results) {
    const suffix = ` (N=${n})`;
    rows.push(
      { metric: METRICS.p50 + suffix, value: forwarded.p50, unit: "ms", reference: { label: reference, value: single.p50 } },
      { metric: METRICS.p99 + suffix, value: forwarded.p99, unit: "ms", reference: { label: reference, value: single.p99 } },
      {
        metric: METRICS.delivered + suffix,
        value: forwarded.delivered * 100,
        unit: "%",
        reference: { label: reference, value: single.delivered * 100 },
      },
      // What forwarding costs: the owner's share of serving the readers, and the work in all.
      {
        metric: METRICS.ownerCpu + suffix,
        value: forwarded.ownerCpu,
        unit: "% core",
        reference: { label: reference, value: single.ownerCpu },
      },
      {
        metric: METRICS.bothCpu + suffix,
        value: forwarded.ownerCpu + forwarded.otherCpu,
        unit: "% core",
        reference: { label: reference, value: single.ownerCpu + single.otherCpu },
      },
    );
  }
  const describe = (pick: (r: (typeof results)[number]) => Measured) =>
    results
      .map((r) => {
        const m = pick(r);
        return `N=${r.n}: p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms, ${m.sent} edits, ${(m.delivered * 100).toFixed(1)} % delivered, loop p99 owner ${m.ownerLoopP99.toFixed(1)} ms / other ${m.forwarderLoopP99.toFixed(1)} ms`;
      })
      .join("; ");
  return {
    rows,
    notes: [
      `Two Opinio instances (lib/server/main.ts, production build) on one temporary PostgreSQL database and the Redis at ${REDIS_URL}, the same AUTH_SECRET and server-actions key. ` +
        "The writer connects first, to the first instance, which takes the page's lease (the owner); sockets on the second instance are forwarded to it over Redis (lib/scale/frame-relay.ts).",
      `Workload: the ${TRACE} trace (josephg/editing-traces, CC BY 4.0, Joseph Gentle) replayed by one writer on the owner at ${EDITS_PER_SECOND} edits/s for ${seconds} s per phase; ` +
        "N readers (one viewer account each) and the writer send presence once a second. After an untimed second of 5 readers on each instance, for each N: first a phase with every reader on the owner (the single-instance reference), then one with every reader on the other instance; the trace continues from phase to phase.",
      "Latency: from the writer's send to a reader's receipt of the same update bytes, over every (edit, reader) pair; all clients live in the benchmark process and share its clock.",
      "Targets (issue 20): p99 with the readers forwarded ≤ 2× the single-instance p99, and ≤ 25 ms at N = 50.",
      `Readers on the owner: ${describe((r) => r.single)}.`,
      `Readers forwarded: ${describe((r) => r.forwarded)}.`,
    ],
  };
}

export async function run({ quick, dataDir, db }: BenchOptions): Promise<BenchResult> {
  const available = tracesAvailable();
  if (!available.ok) return { rows: [], notes: [`skipped: ${available.message}`] };
  // Several instances need PostgreSQL (a SQLite file has one server): without --db postgres, a temporary one.
  if (db === "postgres") return measureOnPostgres(dataDir, quick);
  return withTempDataDir((ownDir) => measureOnPostgres(ownDir, quick), "postgres");
}
