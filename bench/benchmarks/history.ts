import type { JSONContent } from "@tiptap/core";
import { diffLines } from "diff";
import * as Y from "yjs";
import { appendPageUpdate, compactPageState, loadPageState, type StoredPageState } from "@/db/queries/page-content";
import { listRevisions, revisionSizes, revisionStorageBytes, type RevisionSize } from "@/db/queries/revisions";
import { createPage } from "@/lib/commands/pages";
import { createUser } from "@/lib/commands/users";
import { createWiki } from "@/lib/commands/wikis";
import { jsonFromYDoc, textFromJSON } from "@/lib/editor/document";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { comparePageVersions } from "@/lib/history/compare";
import { diffDocuments } from "@/lib/history/diff";
import { CHECKPOINT_EVERY, countWords, createRevision, revisionDoc, revisionJSON } from "@/lib/history/revisions";
import { legalDocument, seededRandom, sentenceEdit, type Random } from "../lib/legal-prose";
import { median, percentile, sampleMs, sampleMsAsync, timedAsync } from "../lib/timing";
import type { BenchOptions, BenchResult, BenchRow } from "../lib/types";

/** Metric names, shared with the smoke test so a rename cannot silently drop a figure. */
export const METRICS = {
  storage: "storage per version",
  storageDeltas: "  of which deltas",
  storageCheckpoints: "  of which checkpoints",
  deltaEarly: "delta size, mean of the first 50 edits",
  deltaLate: "delta size, mean of the last 50 edits",
  stateVectorNewest: "state vector size, newest version",
  createMedian: "create one version (median)",
  createP95: "create one version (p95)",
  openOldest: "open oldest version (revisionJSON)",
  openNewest: "open newest version (revisionJSON)",
  diff: "diff version 2 vs newest (diffDocuments)",
  compare: "compare version 2 vs newest (comparePageVersions)",
  stepLoad: "createRevision step: load page from storage",
  stepEncode: "createRevision step: encode state, vector, delta",
  stepPreviousJSON: "createRevision step: revisionJSON(previous)",
  stepJSON: "createRevision step: jsonFromYDoc(current)",
  stepText: "createRevision step: textFromJSON(current)",
  stepDiff: "createRevision step: diffDocuments(previous, current)",
} as const;

const SIZES = {
  full: { words: 10_000, versions: 1_000, openRuns: 20, diffRuns: 10, stepRuns: 10 },
  quick: { words: 2_000, versions: 60, openRuns: 5, diffRuns: 3, stepRuns: 3 },
};

const SEED = 20240404;

function paragraphText(text: Y.XmlText): string {
  return text
    .toDelta()
    .map((op: { insert?: unknown }) => (typeof op.insert === "string" ? op.insert : ""))
    .join("");
}

async function readStoredState(pageId: string): Promise<StoredPageState> {
  const state = await loadPageState(pageId);
  if (!state) throw new Error(`Page ${pageId} has no stored state`);
  return state;
}

/** The page's Y.Doc as the server builds it from storage: the stored state, then the log after it. */
function docFromState(state: StoredPageState): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state.ydoc);
  for (const entry of state.updates) Y.applyUpdate(doc, entry.update);
  return doc;
}

const loadStoredDoc = async (pageId: string) => docFromState(await readStoredState(pageId));

/**
 * One editing session, as the server sees it: the page's Y.Doc loaded from storage, one
 * sentence of one paragraph changed in its Y.XmlText, the update appended to the log under the
 * author's id, then compacted as the persistence extension does after its idle delay (which is
 * far shorter than the version idle delay, so by the time a version is taken it has run).
 * Returns the new content's JSON as compaction stored it, and the size of the logged update.
 */
async function editOneSentence(pageId: string, userId: string, random: Random): Promise<{ jsonText: string; updateBytes: number }> {
  const doc = await loadStoredDoc(pageId);
  const paragraphs = doc
    .getXmlFragment(DOCUMENT_FRAGMENT)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === "paragraph");
  const paragraph = paragraphs[Math.floor(random() * paragraphs.length)];
  const text = paragraph.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error("Expected a paragraph to start with its text");
  const edit = sentenceEdit(random, paragraphText(text));
  // The persistence extension logs the Y.Doc's own "update" event: only this transaction's change.
  let update: Uint8Array | undefined;
  doc.once("update", (payload: Uint8Array) => (update = payload));
  doc.transact(() => {
    text.delete(edit.offset, edit.length);
    text.insert(edit.offset, edit.insert);
  });
  if (!update) throw new Error("The edit produced no Yjs update");
  const throughId = await appendPageUpdate(pageId, update, userId);
  const json = jsonFromYDoc(doc);
  const jsonText = JSON.stringify(json);
  await compactPageState(pageId, { ydoc: Buffer.from(Y.encodeStateAsUpdate(doc)), json: jsonText, text: textFromJSON(json), throughId });
  doc.destroy();
  return { jsonText, updateBytes: update.byteLength };
}

function storageBreakdown(sizes: RevisionSize[]): { deltas: number; checkpoints: number } {
  return {
    deltas: sizes.reduce((sum, size) => sum + size.deltaBytes, 0),
    checkpoints: sizes.reduce((sum, size) => sum + size.checkpointBytes, 0),
  };
}

/** Mean delta size of versions first..last: shows whether a one-sentence edit costs the same early and late. */
function meanDeltaBytes(sizes: RevisionSize[], first: number, last: number): number {
  const chosen = sizes.filter((size) => size.number >= first && size.number <= last);
  return chosen.length === 0 ? Number.NaN : chosen.reduce((sum, size) => sum + size.deltaBytes, 0) / chosen.length;
}

/** Deltas applied on top of the checkpoint to rebuild version `number`. */
const deltasReplayed = (number: number) => (number - 1) % CHECKPOINT_EVERY;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const ms = (metric: string, value: number, reference?: BenchRow["reference"]): BenchRow => ({ metric, value, unit: "ms", reference });

export const name = "history";
export const description = "Version history of a long page: storage per version, and the time to create, open and compare versions";

export async function run({ quick }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const random = seededRandom(SEED);

  // 1. A page of legal prose; createPage records it as version 1.
  const user = await createUser({ email: "bench@example.test", name: "Bench Author", password: null });
  const wiki = await createWiki({ name: "Benchmarks", description: "" }, user.id);
  const initial = legalDocument(random, size.words);
  const page = await createPage({ wikiId: wiki.id, title: "Due diligence in cyberspace", json: initial }, user.id);

  // 2. Versions 2..N, each one changed sentence; only createRevision is timed.
  const N = size.versions;
  const createSamples: number[] = [];
  const updateBytes: number[] = []; // updateBytes[i]: the logged update of version i + 2
  let version2JSON = "";
  let newestJSON = "";
  for (let number = 2; number <= N; number++) {
    const { jsonText, updateBytes: logged } = await editOneSentence(page.id, user.id, random);
    updateBytes.push(logged);
    const { result, ms: took } = await timedAsync(() => createRevision(page.id, { kind: "auto" }));
    if (result?.number !== number) throw new Error(`Expected version ${number}, got ${result?.number ?? "none"}`);
    createSamples.push(took);
    if (number === 2) version2JSON = jsonText;
    if (number === N) newestJSON = jsonText;
    if (!quick && number % 100 === 0) process.stderr.write(`  history: ${number}/${N} versions\n`);
  }
  const revisions = await listRevisions(page.id);
  if (revisions.length !== N) throw new Error(`Expected ${N} versions, found ${revisions.length}`);
  // The figures below are only worth having if the stored history reads back exactly.
  if (JSON.stringify(await revisionJSON(page.id, N)) !== newestJSON)
    throw new Error("revisionJSON(newest) differs from the content it was taken from");
  if (JSON.stringify(await revisionJSON(page.id, 2)) !== version2JSON)
    throw new Error("revisionJSON(2) differs from the content it was taken from");
  const oldestJSON = JSON.stringify(await revisionJSON(page.id, 1));

  // 3. Storage, against keeping a full copy of the page with every version.
  const storedBytes = await revisionStorageBytes(page.id);
  const sizes = await revisionSizes(page.id);
  const parts = storageBreakdown(sizes);
  const newestDoc = await loadStoredDoc(page.id);
  const fullState = Y.encodeStateAsUpdate(newestDoc);
  const clients = Y.decodeStateVector(Y.encodeStateVector(newestDoc)).size;
  newestDoc.destroy();
  const newestVector = await versionStateVector(page.id, N);
  const newestText = textFromJSON(JSON.parse(newestJSON) as JSONContent);
  const perVersion = (bytes: number) => bytes / N;

  // 4. Opening a version, against reading a full copy.
  const openOldest = median(await sampleMsAsync(() => revisionJSON(page.id, 1), { runs: size.openRuns }));
  const parseOldest = median(sampleMs(() => JSON.parse(oldestJSON), { runs: size.openRuns }));
  const openNewest = median(await sampleMsAsync(() => revisionJSON(page.id, N), { runs: size.openRuns }));
  const parseNewest = median(sampleMs(() => JSON.parse(newestJSON), { runs: size.openRuns }));
  const fromFullCopy = median(
    sampleMs(
      () => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, fullState);
        jsonFromYDoc(doc);
        doc.destroy();
      },
      { runs: size.openRuns },
    ),
  );

  // 5. Comparing two distant versions, against a plain line diff of their texts.
  const before = JSON.parse(version2JSON) as JSONContent;
  const after = JSON.parse(newestJSON) as JSONContent;
  const beforeText = textFromJSON(before);
  const diffSamples = sampleMs(() => diffDocuments(before, after), { runs: size.diffRuns });
  const lineDiffSamples = sampleMs(() => diffLines(beforeText, newestText), { runs: size.diffRuns });
  const compareSamples = await sampleMsAsync(() => comparePageVersions(page.id, 2, N), { runs: size.diffRuns });
  const diff = diffDocuments(before, after);
  const lineDiff = median(lineDiffSamples);

  // 6. Where createRevision's time goes, step by step, for the newest version.
  const stepRuns = { runs: size.stepRuns };
  const previousJSON = await revisionJSON(page.id, N - 1);
  const previousVector = await versionStateVector(page.id, N - 1);
  // createRevision works on a Y.Doc it has just loaded; so do these steps (the setup is untimed).
  // Storage is read once for the in-memory steps; the load step times the read too.
  const stored = await readStoredState(page.id);
  const freshDoc = { ...stepRuns, setup: () => docFromState(stored) };
  const steps = {
    load: median(await sampleMsAsync(() => loadStoredDoc(page.id), stepRuns)),
    encode: median(
      sampleMs((doc: Y.Doc) => {
        Y.encodeStateVector(doc);
        Y.encodeStateAsUpdate(doc);
        Y.encodeStateAsUpdate(doc, previousVector);
      }, freshDoc),
    ),
    previousJSON: median(await sampleMsAsync(() => revisionJSON(page.id, N - 1), stepRuns)),
    json: median(sampleMs((doc: Y.Doc) => jsonFromYDoc(doc), freshDoc)),
    text: median(sampleMs(() => textFromJSON(after), stepRuns)),
    diff: median(sampleMs(() => diffDocuments(previousJSON, after), stepRuns)),
  };

  const rows: BenchRow[] = [
    {
      metric: METRICS.storage,
      value: perVersion(storedBytes),
      unit: "bytes",
      reference: { label: "full Yjs state per version", value: fullState.byteLength },
    },
    {
      metric: METRICS.storage,
      value: perVersion(storedBytes),
      unit: "bytes",
      reference: { label: "full plain text (UTF-8) per version", value: Buffer.byteLength(newestText) },
    },
    { metric: METRICS.storageDeltas, value: perVersion(parts.deltas), unit: "bytes" },
    { metric: METRICS.storageCheckpoints, value: perVersion(parts.checkpoints), unit: "bytes" },
    {
      metric: METRICS.deltaEarly,
      value: meanDeltaBytes(sizes, 2, Math.min(N, 51)),
      unit: "bytes",
      reference: { label: "the edit's own Yjs update", value: mean(updateBytes.slice(0, 50)) },
    },
    {
      metric: METRICS.deltaLate,
      value: meanDeltaBytes(sizes, Math.max(2, N - 49), N),
      unit: "bytes",
      reference: { label: "the edit's own Yjs update", value: mean(updateBytes.slice(-50)) },
    },
    { metric: METRICS.stateVectorNewest, value: newestVector.byteLength, unit: "bytes" },
    ms(METRICS.createMedian, median(createSamples)),
    ms(METRICS.createP95, percentile(createSamples, 95)),
    ms(METRICS.openOldest, openOldest, { label: "JSON.parse of its full JSON", value: parseOldest }),
    ms(METRICS.openNewest, openNewest, { label: "JSON.parse of its full JSON", value: parseNewest }),
    ms(METRICS.openNewest, openNewest, { label: "full Yjs copy: applyUpdate + to JSON", value: fromFullCopy }),
    ms(METRICS.diff, median(diffSamples), { label: "diffLines of the plain texts", value: lineDiff }),
    ms(METRICS.compare, median(compareSamples), { label: "diffLines of the plain texts", value: lineDiff }),
    ms(METRICS.stepLoad, steps.load),
    ms(METRICS.stepEncode, steps.encode),
    ms(METRICS.stepPreviousJSON, steps.previousJSON),
    ms(METRICS.stepJSON, steps.json),
    ms(METRICS.stepText, steps.text),
    ms(METRICS.stepDiff, steps.diff),
  ];

  const firstHalf = median(createSamples.slice(0, Math.floor(createSamples.length / 2)));
  const secondHalf = median(createSamples.slice(Math.floor(createSamples.length / 2)));
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const notes = [
    `Workload: a ${countWords(textFromJSON(initial))}-word page (${initial.content?.length ?? 0} blocks: paragraphs of ~100 words, a heading every ~10), ` +
      `${N} versions: version 1 as created, versions 2–${N} each one sentence changed (1–3 words replaced) in a fresh editing session ` +
      `(page loaded from storage, update appended with a user id, log compacted, then createRevision). Seed ${SEED}.`,
    `Storage: revision blobs (deltas + checkpoints every ${CHECKPOINT_EVERY}) / ${N} versions. References: what keeping a full copy with every ` +
      `version would cost, as the newest page's Y.encodeStateAsUpdate (${kib(fullState.byteLength)}) or its UTF-8 plain text (${kib(Buffer.byteLength(newestText))}).`,
    `Growth: each delta is the merge of the updates logged since the previous version (each carries only its own deletions), ` +
      `so it should stay near the size of the edit early and late (${clients} Yjs clients edited the page). ` +
      `Reference for the delta rows: the mean size of the same edits' "update" events, which is what the update log stores.`,
    `Create: createRevision alone, over all ${N - 1} edits; median of the first half ${firstHalf.toFixed(2)} ms, second half ${secondHalf.toFixed(2)} ms.`,
    `Open: revisionJSON = checkpoint + deltas + Yjs→ProseMirror JSON; oldest (v1) replays ${deltasReplayed(1)} deltas, newest (v${N}) ${deltasReplayed(N)}. ` +
      `References: JSON.parse of that version's stored full JSON (a full-JSON-copy store, minus its row read), and a full Yjs copy applied to a new Y.Doc then converted to JSON.`,
    `Diff: diffDocuments (block alignment, pairing, word diffs) of v2 vs v${N} already loaded; compare adds loading both versions. ` +
      `Reference: the diff package's diffLines on the same two plain texts (blocks separated by blank lines), same run. Result: "${diff.summaryText}".`,
    `Steps: createRevision's parts measured separately for the newest version, whose previous version replays ${deltasReplayed(N - 1)} deltas ` +
      `(the worst point of the checkpoint cycle; medians of ${size.stepRuns}); their sum is ${Object.values(steps)
        .reduce((a, b) => a + b, 0)
        .toFixed(2)} ms vs a measured median of ${median(createSamples).toFixed(2)} ms.`,
  ];
  return { rows, notes };
}

/** The state vector a stored version was recorded with. */
async function versionStateVector(pageId: string, number: number): Promise<Uint8Array> {
  const doc = await revisionDoc(pageId, number);
  const vector = Y.encodeStateVector(doc);
  doc.destroy();
  return vector;
}
