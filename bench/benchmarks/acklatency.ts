import type { Dialect } from "@/db/executor";
import { pageDocumentName } from "@/lib/collab/document-name";
import { updateFrame } from "@/tests/helpers/wire";
import { closeAll, connectMany, paced, sleep } from "../lib/collab-load";
import { withTempDataDir } from "../lib/data-dir";
import { replaySequential } from "../lib/replay";
import { bearer, makeBenchUser, makeBenchWiki, makePageWithState } from "../lib/seed";
import { startBare, startOpinio, type BenchServer } from "../lib/servers";
import { median, nowMs, percentile } from "../lib/timing";
import { loadTrace, tracesAvailable, type SequentialTrace } from "../lib/traces";
import type { BenchOptions, BenchResult, BenchRow } from "../lib/types";

/** Metric names, shared with the smoke test. Each appears once per writer count, as "… (W=10)". */
export const METRICS = {
  postgresP50: "acknowledgement latency p50 on PostgreSQL",
  postgresP99: "acknowledgement latency p99 on PostgreSQL",
  sqliteP50: "acknowledgement latency p50 on SQLite",
  sqliteP99: "acknowledgement latency p99 on SQLite",
} as const;

export const name = "acklatency";
export const description =
  "W writers type at 10 edits/s, each on a page of its own; time from an update's send to its durable acknowledgement, SQLite and PostgreSQL in one run";

const TRACE = "seph-blog1";
const EDITS_PER_SECOND = 10;
const SIZES = {
  full: { writers: [1, 20], seconds: 15 },
  quick: { writers: [2], seconds: 2 },
};

type Measured = { p50: number; p99: number; acknowledged: number; sent: number; eventLoopP99: number };

/** What one server is measured with: a page (document name and upgrade headers) per writer. */
type Target = { server: BenchServer; documents: { name: string; headers?: Record<string, string> }[]; base: Uint8Array | null };

async function measure(target: Target, writerCounts: number[], updates: Uint8Array[], seconds: number): Promise<Map<number, Measured>> {
  const results = new Map<number, Measured>();
  // Every writer count starts on fresh pages: a page is typed on by one writer, in trace order.
  let firstDocument = 0;
  for (const count of writerCounts) {
    const documents = target.documents.slice(firstDocument, firstDocument + count);
    firstDocument += count;
    const latencies: number[] = [];
    const sentAt = documents.map(() => [] as number[]);
    const writers = await connectMany(count, (i) => ({
      url: target.server.url,
      documentName: documents[i].name,
      headers: documents[i].headers,
      // Acknowledgements come in the order of the sends; the base (bare server) is not timed.
      onAcknowledged: (at) => {
        const sent = sentAt[i].shift();
        if (sent !== undefined) latencies.push(at - sent);
      },
    }));
    if (target.base) {
      // The bare server stores nothing: each writer first gives it the page as Opinio has it.
      writers.forEach((writer) => writer.sendUpdate(target.base!));
      await Promise.all(writers.map((writer) => writer.acknowledgedAtLeast(1)));
    }
    const frames = documents.map((document) => updates.map((update) => updateFrame(document.name, update)));
    await sleep(300);
    await target.server.diagnostics({ reset: true });
    // The writers take turns over each tenth of a second, so their edits arrive spread out, as typing does.
    const interval = 1000 / (EDITS_PER_SECOND * count);
    const ticks = await paced(interval, seconds * 1000, (tick) => {
      const writer = tick % count;
      const edit = Math.floor(tick / count);
      if (edit >= updates.length) return false;
      sentAt[writer].push(nowMs());
      writers[writer].send(frames[writer][edit]);
    });
    for (let waited = 0; latencies.length < ticks && waited < 5000; waited += 50) await sleep(50);
    const diagnostics = await target.server.diagnostics();
    await closeAll(writers);
    results.set(count, {
      p50: median(latencies),
      p99: percentile(latencies, 99),
      acknowledged: latencies.length,
      sent: ticks,
      eventLoopP99: diagnostics.eventLoop.p99,
    });
  }
  return results;
}

/** Seeds a page per writer on the current database (`--db` or the one this benchmark made) and measures Opinio on it. */
async function measureOpinio(
  dataDir: string,
  writerCounts: number[],
  base: Uint8Array,
  updates: Uint8Array[],
  seconds: number,
): Promise<Map<number, Measured>> {
  const owner = await makeBenchUser("Writer");
  const wiki = await makeBenchWiki(owner);
  const documents: Target["documents"] = [];
  const pages = writerCounts.reduce((sum, n) => sum + n, 0);
  for (let i = 0; i < pages; i++) {
    const page = await makePageWithState(wiki.id, owner, `Acknowledged ${i + 1}`, base);
    documents.push({ name: pageDocumentName(page.id), headers: bearer(owner) });
  }
  const server = await startOpinio(dataDir);
  try {
    return await measure({ server, documents, base: null }, writerCounts, updates, seconds);
  } finally {
    await server.stop();
  }
}

export async function run({ quick, dataDir, db }: BenchOptions): Promise<BenchResult> {
  const available = tracesAvailable();
  if (!available.ok) return { rows: [], notes: [`skipped: ${available.message}`] };
  const size = quick ? SIZES.quick : SIZES.full;
  const trace = loadTrace(TRACE) as SequentialTrace;
  const editsPerWriter = size.seconds * EDITS_PER_SECOND + 20;
  const replay = replaySequential(trace, { limit: Math.min(trace.txns.length, editsPerWriter * 2) });
  const updates = replay.updates.filter((update) => update.byteLength > 2).slice(0, editsPerWriter);

  // Both databases in this run, the runner's own (`--db`) and a temporary one of the other kind.
  const measured = new Map<Dialect, Map<number, Measured>>();
  const other: Dialect = db === "postgres" ? "sqlite" : "postgres";
  measured.set(db, await measureOpinio(dataDir, size.writers, replay.base, updates, size.seconds));
  measured.set(
    other,
    await withTempDataDir((otherDir) => measureOpinio(otherDir, size.writers, replay.base, updates, size.seconds), other),
  );
  const bare = await startBare("hocuspocus");
  let reference: Map<number, Measured>;
  try {
    const documents = Array.from({ length: size.writers.reduce((sum, n) => sum + n, 0) }, (_, i) => ({ name: `acknowledged-${i}` }));
    reference = await measure({ server: bare, documents, base: replay.base }, size.writers, updates, size.seconds);
  } finally {
    await bare.stop();
  }

  const rows: BenchRow[] = [];
  const postgres = measured.get("postgres")!;
  const sqlite = measured.get("sqlite")!;
  for (const n of size.writers) {
    const suffix = ` (W=${n})`;
    const [pg, lite, h] = [postgres.get(n)!, sqlite.get(n)!, reference.get(n)!];
    rows.push(
      { metric: METRICS.postgresP50 + suffix, value: pg.p50, unit: "ms", reference: { label: "SQLite", value: lite.p50 } },
      { metric: METRICS.postgresP99 + suffix, value: pg.p99, unit: "ms", reference: { label: "SQLite", value: lite.p99 } },
      { metric: METRICS.sqliteP50 + suffix, value: lite.p50, unit: "ms", reference: { label: "bare Hocuspocus", value: h.p50 } },
      { metric: METRICS.sqliteP99 + suffix, value: lite.p99, unit: "ms", reference: { label: "bare Hocuspocus", value: h.p99 } },
    );
  }
  const describeRun = (results: Map<number, Measured>) =>
    [...results.entries()]
      .map(
        ([n, m]) =>
          `W=${n}: p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms, ${m.acknowledged}/${m.sent} acknowledged, loop p99 ${m.eventLoopP99.toFixed(1)} ms`,
      )
      .join("; ");
  const notes = [
    `Workload: W writers, each on a page of its own, send the first ${updates.length} non-empty updates of ${TRACE} (josephg/editing-traces, CC BY 4.0, Joseph Gentle) ` +
      `at ${EDITS_PER_SECOND} edits/s each, spread evenly, for ${size.seconds} s per W; open loop (a writer does not wait for its acknowledgements).`,
    "Latency: from the send of an update to the arrival of its acknowledgement (SyncStatus), which Opinio sends only once the update is committed (group commit, lib/collab/group-commit.ts).",
    "Same run, same clients, same load: Opinio on SQLite (a temporary DATA_DIR), Opinio on PostgreSQL (a temporary database, DATABASE_URL), and a bare Hocuspocus 3.4.4 that persists nothing (the floor).",
    `PostgreSQL: ${describeRun(postgres)}.`,
    `SQLite: ${describeRun(sqlite)}.`,
    `Bare Hocuspocus: ${describeRun(reference)}.`,
  ];
  return { rows, notes };
}
