import * as Y from "yjs";
import { loadPageState } from "@/db/queries/page-content";
import { pageDocumentName } from "@/lib/collab/document-name";
import { ydocFromJSON } from "@/lib/editor/document";
import { closeAll, sleep } from "../lib/collab-load";
import { legalDocument, randomWords, seededRandom } from "../lib/legal-prose";
import { replaySequential } from "../lib/replay";
import { bearer, makeBenchUser, makeBenchWiki, makePageWithState, type BenchUser } from "../lib/seed";
import { startOpinio, type BenchServer } from "../lib/servers";
import { median, nowMs, percentile, sampleMsAsync } from "../lib/timing";
import { loadTrace, tracesAvailable, type SequentialTrace } from "../lib/traces";
import type { BenchOptions, BenchResult, BenchRow } from "../lib/types";
import { WireClient } from "../lib/wire";

/** Metric names, shared with the smoke test. Time to synced appears once per page size, as "… (seph-blog1)". */
export const METRICS = {
  synced: "time to synced, median",
  syncedP99: "time to synced, p99",
  rssPerPage: "RSS per open page",
  heapPerPage: "JS heap per open page",
  gcPauseMax: "server GC pause while opening, max",
  gcMajor: "server major GCs while opening, per cycle",
  gcShare: "server GC pauses while opening, share of the time",
  rssAfterClose: "RSS after everyone left",
  growth: "RSS growth over the open/close cycles",
} as const;

export const name = "coldopen";
export const description =
  "Open pages from SQLite (real-trace sizes and a 5,000-paragraph page): time to synced, RSS per open page, RSS after everyone leaves";

// Quick mode keeps the shapes but replays only part of seph-blog1 and builds a smaller long page.
const SIZES = {
  full: { pages: 200, cycles: 5, paragraphs: 5_000, sephTxns: Infinity },
  quick: { pages: 9, cycles: 2, paragraphs: 1_000, sephTxns: 20_000 },
};
const PAGES_PER_USER = 10; // each page on its own socket; MAX_CONNECTIONS_PER_USER is 20

/** A page of `count` one-to-three-sentence paragraphs, as a Yjs state created the way createPage creates it. */
function manyParagraphs(count: number): Uint8Array {
  const random = seededRandom(5000);
  const json = legalDocument(random, 0);
  json.content = Array.from({ length: count }, () => ({
    type: "paragraph",
    content: [{ type: "text", text: randomWords(random, 10 + Math.floor(random() * 30)) + "." }],
  }));
  return Y.encodeStateAsUpdate(ydocFromJSON(json));
}

/** Memory after a garbage collection (twice: the first frees what finalizers then release). */
async function memory(server: BenchServer): Promise<{ rss: number; heapUsed: number }> {
  await server.diagnostics({ gc: true });
  await sleep(200);
  return server.diagnostics({ gc: true });
}

export async function run({ quick, dataDir }: BenchOptions): Promise<BenchResult> {
  const available = tracesAvailable();
  if (!available.ok) return { rows: [], notes: [`skipped: ${available.message}`] };
  const size = quick ? SIZES.quick : SIZES.full;
  const kinds: { label: string; state: Uint8Array }[] = [
    { label: "sveltecomponent", state: Y.encodeStateAsUpdate(replaySequential(loadTrace("sveltecomponent") as SequentialTrace).doc) },
    {
      label: "seph-blog1",
      state: Y.encodeStateAsUpdate(replaySequential(loadTrace("seph-blog1") as SequentialTrace, { limit: size.sephTxns }).doc),
    },
    { label: `${size.paragraphs.toLocaleString("en-US")} paragraphs`, state: manyParagraphs(size.paragraphs) },
  ];
  const owner = await makeBenchUser("Owner");
  const readers: BenchUser[] = [];
  for (let i = 0; i < Math.ceil(size.pages / PAGES_PER_USER); i++) readers.push(await makeBenchUser(`Reader ${i + 1}`));
  const wiki = await makeBenchWiki(owner, readers);
  const pages: { kind: number; page: Awaited<ReturnType<typeof makePageWithState>> }[] = [];
  for (let i = 0; i < size.pages; i++) {
    const kind = i % kinds.length;
    pages.push({ kind, page: await makePageWithState(wiki.id, owner, `Cold ${i + 1}`, kinds[kind].state) });
  }

  // Reference: what opening costs at the least, in-process: read the stored blob and log, apply to a new Y.Doc.
  const referenceMs: number[] = [];
  for (let kind = 0; kind < kinds.length; kind++) {
    const pageId = pages.find((p) => p.kind === kind)!.page.id;
    referenceMs.push(
      median(
        await sampleMsAsync(
          async () => {
            const state = (await loadPageState(pageId))!;
            const doc = new Y.Doc();
            Y.applyUpdate(doc, state.ydoc);
            for (const entry of state.updates) Y.applyUpdate(doc, entry.update);
            doc.destroy();
          },
          { runs: quick ? 3 : 10 },
        ),
      ),
    );
  }

  const server = await startOpinio(dataDir, { exposeGc: true });
  const synced: number[][] = kinds.map(() => []);
  const baselines: number[] = [];
  const openRss: number[] = [];
  const heapPerPage: number[] = [];
  const afterClose: number[] = [];
  // The server's own GC pauses while the pages open (forced collections excluded), per cycle.
  const gcCycles: { pausesMs: number[]; majorPausesMs: number[]; openingMs: number }[] = [];
  try {
    for (let cycle = 0; cycle < size.cycles; cycle++) {
      const before = await memory(server);
      baselines.push(before.rss);
      await server.diagnostics({ reset: true });
      const openingStart = nowMs();
      const clients: WireClient[] = [];
      // One at a time: the time to synced of a cold page, not of a queue.
      for (const [i, { kind, page }] of pages.entries()) {
        const start = nowMs();
        const client = new WireClient({
          url: server.url,
          documentName: pageDocumentName(page.id),
          headers: bearer(readers[Math.floor(i / PAGES_PER_USER)]),
        });
        synced[kind].push((await client.synced) - start);
        clients.push(client);
      }
      const openingMs = nowMs() - openingStart;
      gcCycles.push({ ...(await server.diagnostics()).gc, openingMs });
      const open = await memory(server);
      openRss.push(open.rss);
      heapPerPage.push((open.heapUsed - before.heapUsed) / size.pages);
      await closeAll(clients);
      await sleep(500); // Hocuspocus unloads a document once its last connection has gone
      afterClose.push((await memory(server)).rss);
    }
  } finally {
    await server.stop();
  }

  const mib = (bytes: number) => bytes / 1024 / 1024;
  const rows: BenchRow[] = [];
  kinds.forEach((kind, i) => {
    const target = 1.5 * referenceMs[i] + 5;
    rows.push(
      {
        metric: `${METRICS.synced} (${kind.label})`,
        value: median(synced[i]),
        unit: "ms",
        reference: { label: "in-process read + Y.applyUpdate", value: referenceMs[i] },
      },
      {
        metric: `${METRICS.synced} (${kind.label})`,
        value: median(synced[i]),
        unit: "ms",
        reference: { label: "target: 1.5× reference + 5 ms", value: target },
      },
      {
        metric: `${METRICS.syncedP99} (${kind.label})`,
        value: percentile(synced[i], 99),
        unit: "ms",
        reference: { label: "target: 1.5× reference + 5 ms", value: target },
      },
    );
  });
  const perPage = openRss.map((open, i) => (open - baselines[i]) / size.pages);
  rows.push(
    { metric: METRICS.rssPerPage, value: mib(median(perPage)), unit: "MiB" },
    { metric: METRICS.heapPerPage, value: mib(median(heapPerPage)), unit: "MiB" },
    {
      metric: METRICS.rssAfterClose,
      value: mib(afterClose.at(-1)!),
      unit: "MiB",
      reference: { label: "RSS before the first open", value: mib(baselines[0]) },
    },
    { metric: METRICS.growth, value: mib(afterClose.at(-1)! - afterClose[0]), unit: "MiB" },
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const allPauses = gcCycles.flatMap((c) => c.pausesMs);
  rows.push(
    { metric: METRICS.gcPauseMax, value: allPauses.length ? Math.max(...allPauses) : 0, unit: "ms" },
    { metric: METRICS.gcMajor, value: median(gcCycles.map((c) => c.majorPausesMs.length)), unit: "count" },
    { metric: METRICS.gcShare, value: (100 * sum(allPauses)) / sum(gcCycles.map((c) => c.openingMs)), unit: "%" },
  );
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const notes = [
    `Workload: ${size.pages} pages stored in SQLite, a third each of: sveltecomponent's and seph-blog1's final Yjs state after replaying the whole trace on one paragraph (josephg/editing-traces, CC BY 4.0, Joseph Gentle; ${kinds
      .slice(0, 2)
      .map((k) => kib(k.state.byteLength))
      .join(" and ")}, tombstones included) and a ${kinds[2].label} page (${kib(kinds[2].state.byteLength)}).`,
    `Each cycle (${size.cycles}) opens every page on its own socket one after another (connect, authenticate, load from SQLite, SyncStep2 received), keeps all open, measures RSS (after gc, OPINIO_DIAGNOSTICS over IPC, --expose-gc), closes all and measures again.`,
    `RSS per open page: (RSS with all open − RSS before) / ${size.pages}; JS heap per open page likewise, from heapUsed. Before/after each cycle (MiB): ${baselines.map((b, i) => `${mib(b).toFixed(0)}→${mib(openRss[i]).toFixed(0)}→${mib(afterClose[i]).toFixed(0)}`).join(", ")}.`,
    `Server GC pauses while opening (perf_hooks "gc" entries, forced collections excluded), per cycle: ${gcCycles
      .map(
        (c) =>
          `${c.pausesMs.length} pauses, ${c.majorPausesMs.length} major (longest ${Math.max(0, ...c.majorPausesMs).toFixed(0)} ms), longest ${Math.max(0, ...c.pausesMs).toFixed(0)} ms`,
      )
      .join(
        "; ",
      )}. Opening a page allocates a Y.Doc whose objects all survive: scavenges copy them out of the young generation, and every major collection marks all pages open so far, so pauses lengthen as pages pile up. Only the collector's stop-the-world pauses are counted; incremental and concurrent marking also take CPU from the main thread.`,
    "Reference: the stored state and log read with loadPageState and applied to a new Y.Doc in the benchmark process (no socket, no auth). Target: ≤ 1.5× reference + 5 ms to synced; no growth across cycles.",
  ];
  return { rows, notes };
}
