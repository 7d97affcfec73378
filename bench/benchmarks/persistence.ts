import * as Y from "yjs";
import { countPageUpdates, loadPageState } from "@/db/queries/page-content";
import { pageDocumentName } from "@/lib/collab/document-name";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { updateFrame } from "@/tests/helpers/wire";
import { closeAll, connectMany, paced, sleep } from "../lib/collab-load";
import { randomWords, seededRandom } from "../lib/legal-prose";
import { bearer, makeBenchUser, makeBenchWiki, makePageWithState, type BenchUser } from "../lib/seed";
import { startOpinio } from "../lib/servers";
import { percentile } from "../lib/timing";
import type { BenchOptions, BenchResult } from "../lib/types";

/** Metric names, shared with the smoke test. */
export const METRICS = {
  compactions: "compactions",
  compactionP99: "compaction duration p99 (main thread blocked)",
  compactionMax: "compaction duration max",
  eventLoopP99: "server event-loop delay p99",
  eventLoopMax: "server event-loop delay max",
  uncompactedMax: "log rows not yet compacted, max",
  logRowsMax: "page_updates rows, max",
  hocuspocusStores: "Hocuspocus onStoreDocument runs",
} as const;

export const name = "persistence";
export const description = "14 writers on one page: compactions (how many, how long they block), and the size of the update log over time";

const WRITERS = 14;
const EDITS_PER_SECOND = 10; // per writer: a fast typist's keystrokes
const SIZES = { full: { seconds: 180 }, quick: { seconds: 4 } };

/** Log entries compaction has not folded into the stored state yet: what a cold open replays. */
async function uncompactedRows(pageId: string): Promise<number> {
  return (await loadPageState(pageId))?.updates.length ?? 0;
}

export async function run({ quick, dataDir }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const owner = await makeBenchUser("Owner");
  const writers: BenchUser[] = [];
  for (let i = 0; i < WRITERS; i++) writers.push(await makeBenchUser(`Writer ${i + 1}`));
  const wiki = await makeBenchWiki(owner, writers);

  // One paragraph per writer; each types at the end of its own paragraph, so its updates depend
  // only on the base and its own earlier ones and can be produced on its own Y.Doc.
  const base = new Y.Doc();
  base.getXmlFragment(DOCUMENT_FRAGMENT).insert(
    0,
    writers.map(() => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("")]);
      return paragraph;
    }),
  );
  const baseState = Y.encodeStateAsUpdate(base);
  const page = await makePageWithState(wiki.id, owner, "Persistence", baseState);
  const documentName = pageDocumentName(page.id);
  const random = seededRandom(14);
  const docs = writers.map(() => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, baseState);
    return doc;
  });

  const server = await startOpinio(dataDir);
  const samples: { rows: number; uncompacted: number }[] = [];
  let diagnostics;
  let sent = 0;
  try {
    const clients = await connectMany(WRITERS, (i) => ({ url: server.url, documentName, headers: bearer(writers[i]) }));
    await server.diagnostics({ reset: true });
    const sampler = setInterval(
      async () => samples.push({ rows: await countPageUpdates(page.id), uncompacted: await uncompactedRows(page.id) }),
      1000,
    );
    const pending = writers.map(() => "");
    sent = await paced(1000 / (WRITERS * EDITS_PER_SECOND), size.seconds * 1000, (i) => {
      const w = i % WRITERS;
      if (!pending[w]) pending[w] = randomWords(random, 6) + " ";
      const char = pending[w][0];
      pending[w] = pending[w].slice(1);
      const text = (docs[w].getXmlFragment(DOCUMENT_FRAGMENT).get(w) as Y.XmlElement).get(0) as Y.XmlText;
      let update: Uint8Array | undefined;
      docs[w].once("update", (u: Uint8Array) => (update = u));
      text.insert(text.length, char);
      clients[w].send(updateFrame(documentName, update!));
    });
    await Promise.all(clients.map((client) => client.acknowledgedAtLeast(Math.floor(sent / WRITERS))));
    await sleep(500);
    clearInterval(sampler);
    samples.push({ rows: await countPageUpdates(page.id), uncompacted: await uncompactedRows(page.id) });
    diagnostics = await server.diagnostics();
    await closeAll(clients);
  } finally {
    await server.stop();
  }

  const durations = diagnostics.compactions.durationsMs;
  const rows = [
    { metric: METRICS.compactions, value: diagnostics.compactions.count, unit: "" },
    { metric: METRICS.compactionP99, value: percentile(durations, 99), unit: "ms" },
    { metric: METRICS.compactionMax, value: Math.max(0, ...durations), unit: "ms" },
    { metric: METRICS.eventLoopP99, value: diagnostics.eventLoop.p99, unit: "ms" },
    { metric: METRICS.eventLoopMax, value: diagnostics.eventLoop.max, unit: "ms" },
    { metric: METRICS.uncompactedMax, value: Math.max(...samples.map((s) => s.uncompacted)), unit: "rows" },
    { metric: METRICS.logRowsMax, value: Math.max(...samples.map((s) => s.rows)), unit: "rows" },
    { metric: METRICS.hocuspocusStores, value: diagnostics.hocuspocusStores, unit: "" },
  ];
  const every = Math.max(1, Math.floor(samples.length / 12));
  const notes = [
    `Workload: ${WRITERS} writers (one account each) type at the end of their own paragraph of one page, ${EDITS_PER_SECOND} keystrokes/s each, for ${size.seconds} s: ${sent} Yjs updates, each acknowledged after its synchronous append to page_updates.`,
    `Compactions are scheduled by Opinio's PersistenceExtension (every COMPACT_AFTER_UPDATES = 500 updates, or COMPACT_IDLE_MS of quiet): ${diagnostics.compactions.byLength} by log length, ${diagnostics.compactions.byIdle} when idle, ${diagnostics.compactions.other} on unload/shutdown; ` +
      `Hocuspocus's own debounced onStoreDocument (hocuspocus #1110) carries nothing and ran ${diagnostics.hocuspocusStores} time(s). A compaction is synchronous, so its duration is how long it blocks the main thread.`,
    `Log size, sampled every second (rows in page_updates / of which not yet compacted): ${samples
      .filter((_, i) => i % every === 0 || i === samples.length - 1)
      .map((s) => `${s.rows}/${s.uncompacted}`)
      .join(
        ", ",
      )}. Compacted rows stay until a version covers them (their authors are its contributors); versions come after VERSION_IDLE_MS of quiet or at most VERSION_MAX_INTERVAL_MS after the first unversioned edit.`,
  ];
  return { rows, notes };
}
