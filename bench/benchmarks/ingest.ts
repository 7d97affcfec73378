import * as Y from "yjs";
import { lastUpdateLogId } from "@/db/queries/page-content";
import { pageDocumentName } from "@/lib/collab/document-name";
import { updateFrame } from "@/tests/helpers/wire";
import { replaySequential } from "../lib/replay";
import { bearer, makeBenchUser, makeBenchWiki, makePageWithState } from "../lib/seed";
import { startBare, startOpinio, type BenchServer } from "../lib/servers";
import { nowMs } from "../lib/timing";
import { loadTrace, tracesAvailable, type SequentialTrace } from "../lib/traces";
import type { BenchOptions, BenchResult } from "../lib/types";
import { WireClient } from "../lib/wire";

/** Metric names, shared with the smoke test. */
export const METRICS = {
  throughput: "updates acknowledged per second",
  throughputWriters: "updates acknowledged per second, 4 writers on 4 pages",
  persisted: "acknowledged updates appended to page_updates",
  eventLoop: "server event-loop delay p99",
} as const;

export const name = "ingest";
export const description =
  "One client (then four, each on a page of its own) replays the seph-blog1 trace as fast as the server acknowledges; updates/s with every update persisted";

const TRACE = "seph-blog1";
/** Updates in flight before the client waits for an acknowledgement (a fast typist's provider has several). */
const WINDOW = 16;
const SIZES = { full: { txns: 30_000 }, quick: { txns: 1_500 } };
/**
 * The second run's writers, each replaying the same trace on a page of its own at once: one
 * client's window of 16 bounds what a single page can send per round trip, while a server's group
 * commit writes every page's updates of a turn together (on PostgreSQL, issue 20).
 */
const WRITERS = 4;

type Measured = { perSecond: number; acknowledged: number; eventLoopP99: number; seconds: number };

/** One client's part: its page, its frames, and the state it starts from (bare Hocuspocus stores nothing). */
type Writer = { documentName: string; frames: Uint8Array[]; baseFrame: Uint8Array | null };

/** Replays each writer's frames on its own connection, all at once; totals over all of them. */
async function replayThrough(server: BenchServer, writers: Writer[], headers?: Record<string, string>): Promise<Measured> {
  const clients = await Promise.all(
    writers.map(async (writer) => {
      const client = new WireClient({ url: server.url, documentName: writer.documentName, headers });
      await client.synced;
      if (writer.baseFrame) {
        client.send(writer.baseFrame);
        await client.acknowledgedAtLeast(1);
      }
      return { client, offset: writer.baseFrame ? 1 : 0, frames: writer.frames };
    }),
  );
  await server.diagnostics({ reset: true });
  const start = nowMs();
  await Promise.all(
    clients.map(async ({ client, offset, frames }) => {
      for (let i = 0; i < frames.length; i++) {
        if (i >= WINDOW) await client.acknowledgedAtLeast(offset + i - WINDOW + 1);
        client.send(frames[i]);
      }
      await client.acknowledgedAtLeast(offset + frames.length);
    }),
  );
  const seconds = (nowMs() - start) / 1000;
  const diagnostics = await server.diagnostics();
  await Promise.all(clients.map(({ client }) => client.close()));
  const sent = clients.reduce((sum, { frames }) => sum + frames.length, 0);
  return {
    perSecond: sent / seconds,
    acknowledged: clients.reduce((sum, { client, offset }) => sum + client.acknowledged - offset, 0),
    eventLoopP99: diagnostics.eventLoop.p99,
    seconds,
  };
}

export async function run({ quick, dataDir, db }: BenchOptions): Promise<BenchResult> {
  const available = tracesAvailable();
  if (!available.ok) return { rows: [], notes: [`skipped: ${available.message}`] };
  const size = quick ? SIZES.quick : SIZES.full;
  const trace = loadTrace(TRACE) as SequentialTrace;
  const limit = Math.min(trace.txns.length, size.txns);
  const replay = replaySequential(trace, { limit });
  const updates = replay.updates.filter((update) => update.byteLength > 2);

  const owner = await makeBenchUser("Writer");
  const wiki = await makeBenchWiki(owner);
  const writerOn = async (title: string): Promise<Writer> => {
    const documentName = pageDocumentName((await makePageWithState(wiki.id, owner, title, replay.base)).id);
    return { documentName, frames: updates.map((update) => updateFrame(documentName, update)), baseFrame: null };
  };
  const single = [await writerOn("Ingest")];
  const many: Writer[] = [];
  for (let i = 1; i <= WRITERS; i++) many.push(await writerOn(`Ingest, writer ${i}`));
  // Bare Hocuspocus keeps nothing: each of its documents is sent the page's starting state first.
  const onBare = (writers: Writer[]) => writers.map((writer) => ({ ...writer, baseFrame: updateFrame(writer.documentName, replay.base) }));
  const logBefore = await lastUpdateLogId();

  // Reference 1: the same updates applied in-process to a Y.Doc, no network, no storage.
  const doc = new Y.Doc();
  Y.applyUpdate(doc, replay.base);
  const applyStart = nowMs();
  for (const update of updates) Y.applyUpdate(doc, update);
  const inProcessPerSecond = updates.length / ((nowMs() - applyStart) / 1000);
  doc.destroy();

  const opinio = await startOpinio(dataDir);
  let ours: Measured;
  let oursMany: Measured;
  try {
    ours = await replayThrough(opinio, single, bearer(owner));
    oursMany = await replayThrough(opinio, many, bearer(owner));
  } finally {
    await opinio.stop();
  }
  // Every acknowledged update must be in the log (compaction folds entries into the state but
  // keeps those no version covers yet, and no version is due within the run).
  // Rows appended to the log (ids are never reused), counted even if compaction and a version
  // trimmed them afterwards: one per acknowledged update means every one was written.
  const persisted = (await lastUpdateLogId()) - logBefore;

  const bare = await startBare("hocuspocus");
  let reference: Measured;
  let referenceMany: Measured;
  try {
    reference = await replayThrough(bare, onBare(single));
    referenceMany = await replayThrough(bare, onBare(many));
  } finally {
    await bare.stop();
  }

  const rows = [
    {
      metric: METRICS.throughput,
      value: ours.perSecond,
      unit: "updates/s",
      reference: { label: "bare Hocuspocus", value: reference.perSecond },
    },
    {
      metric: METRICS.throughput,
      value: ours.perSecond,
      unit: "updates/s",
      reference: { label: "in-process Y.applyUpdate", value: inProcessPerSecond },
    },
    {
      metric: METRICS.throughputWriters,
      value: oursMany.perSecond,
      unit: "updates/s",
      reference: { label: "bare Hocuspocus", value: referenceMany.perSecond },
    },
    { metric: METRICS.persisted, value: (persisted / (ours.acknowledged + oursMany.acknowledged)) * 100, unit: "%" },
    {
      metric: METRICS.eventLoop,
      value: ours.eventLoopP99,
      unit: "ms",
      reference: { label: "bare Hocuspocus", value: reference.eventLoopP99 },
    },
  ];
  const notes = [
    `Workload: the first ${limit.toLocaleString("en-US")} of ${trace.txns.length.toLocaleString("en-US")} transactions of ${TRACE} (josephg/editing-traces, CC BY 4.0, Joseph Gentle), ` +
      `${updates.length.toLocaleString("en-US")} non-empty Yjs updates on one paragraph's Y.XmlText, sent by one client keeping at most ${WINDOW} unacknowledged; timed from the first send to the last acknowledgement.`,
    `Opinio: ${ours.seconds.toFixed(1)} s, ${ours.acknowledged} acknowledged; then ${WRITERS} writers at once, each on a page of its own with the same updates: ${oursMany.seconds.toFixed(1)} s, ${oursMany.acknowledged} acknowledged; ${persisted} rows appended to page_updates in all (each committed before its acknowledgement is sent, one transaction per event-loop turn; compaction and versions trim them later).`,
    `Bare Hocuspocus (no extensions, no persistence): ${reference.seconds.toFixed(1)} s, ${WRITERS} writers ${referenceMany.seconds.toFixed(1)} s. In-process reference: Y.applyUpdate of the same updates on one Y.Doc.`,
    db === "postgres"
      ? "On PostgreSQL (--db postgres): one batch commits at a time, one round trip each (a database function fences, locks the page's content row and inserts the batch numbered, called outside a transaction so that its reply is the commit); what arrives meanwhile forms the next batch. Target (issue 20): ≥ 0.5× bare Hocuspocus."
      : "Target: ≥ 0.85× bare Hocuspocus's updates/s while still persisting every update before its acknowledgement.",
  ];
  return { rows, notes };
}
