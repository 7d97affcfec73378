import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { addMember } from "@/lib/commands/wikis";
import { pageDocumentName } from "@/lib/collab/document-name";
import { ydocFromJSON } from "@/lib/editor/document";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { updateFrame } from "@/tests/helpers/wire";
import { closeAll, connectMany, paced, sleep } from "../lib/collab-load";
import { bearer, makeBenchUser, makeBenchWiki, makePageWithState, type BenchUser } from "../lib/seed";
import { startOpinio } from "../lib/servers";
import { median, nowMs, percentile } from "../lib/timing";
import type { BenchOptions, BenchResult } from "../lib/types";
import { updateKey, type WireClient } from "../lib/wire";

export const name = "suggestion-fanout";
export const description = "Five reviewers typing suggestions vs five editors typing plain text on the same page: edit-to-remote latency";

/** Metric names, shared with the smoke test. */
export const METRICS = {
  p50: "reviewers typing: edit-to-remote latency p50",
  p99: "reviewers typing: edit-to-remote latency p99",
  eventLoop: "reviewers typing: server event-loop delay p99",
  delivered: "reviewers typing: edits delivered to every reader",
} as const;

const WRITERS = 5;
const KEYSTROKES_PER_SECOND = 10;
const SIZES = {
  full: { paragraphs: 300, readers: 10, windows: 6, seconds: 8 },
  quick: { paragraphs: 40, readers: 3, windows: 2, seconds: 1 },
};
/**
 * Compaction blocks the event loop for tens of milliseconds and, left to the default log length
 * (500 updates, two windows' worth), fell in every reviewers' window and in no editors' one: the
 * tail compared compactions, not the guard. Every window now starts on a compacted log (the
 * server compacts after COMPACT_IDLE_MS of quiet, which the pause between windows exceeds) and
 * compacts once by log length part-way through (after 250 of the window's 400 updates: by then the
 * log also holds a tenth of the page's size, ~4.5 KB on the full page, for either kind's updates),
 * whichever kind is typing.
 */
const SERVER_ENV = { COMPACT_AFTER_UPDATES: "250", COMPACT_IDLE_MS: "1000" };
const PAUSE_BETWEEN_WINDOWS_MS = 2000;
const WORDS = "the obligation is binding upon signature and applies to every State party ".split(" ");

type Kind = "reviewers" | "editors";
type Keystroke = { frame: Uint8Array; key: string };
type Window = { kind: Kind; latencies: number[]; expected: number; eventLoopP99: number; compactionsMs: number[] };

/** A page of `count` paragraphs of plain legal-sounding text, with block ids as the editor gives them. */
function pageJSON(count: number): JSONContent {
  return {
    type: "doc",
    content: Array.from({ length: count }, (_, i) => ({
      type: "paragraph",
      attrs: { id: `p${String(i).padStart(9, "0")}` },
      content: [{ type: "text", text: `Paragraph ${i}: the parties agree that the obligation is binding upon signature.` }],
    })),
  };
}

/**
 * One writer's keystrokes, made beforehand on a replica of the page so that encoding stays out of
 * the timings: a character at a time at the end of its own paragraph (so no writer depends on
 * another's edits), plain for an editor, marked as the writer's own suggested insertion for a
 * reviewer (one suggestion id, as typing on in Suggesting mode keeps it; y-tiptap's key for a mark
 * that may overlap: the name, "--" and 8 base64 characters).
 */
function keystrokes(base: Uint8Array, documentName: string, paragraph: number, count: number, suggester?: BenchUser): Keystroke[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const text = (doc.getXmlFragment(DOCUMENT_FRAGMENT).get(paragraph) as Y.XmlElement).get(0) as Y.XmlText;
  const attributes = suggester
    ? {
        [`suggestionInsert--${suggester.id
          .replace(/[^A-Za-z0-9]/g, "")
          .slice(-8)
          .padStart(8, "0")}`]: { id: `s-${suggester.id}`, authorId: suggester.id, createdAt: new Date().toISOString() },
      }
    : undefined;
  const typed = WORDS.join(" ").repeat(Math.ceil(count / 60));
  const out: Keystroke[] = [];
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(doc);
    // Typing right after one's own suggestion carries its mark on; a plain space would be a new, unmarked insert.
    text.insert(text.length, typed[i], attributes);
    const update = Y.encodeStateAsUpdate(doc, before);
    out.push({ frame: updateFrame(documentName, update), key: updateKey(update) });
  }
  doc.destroy();
  return out;
}

export async function run({ quick, dataDir }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const owner = await makeBenchUser("Owner");
  const editors: BenchUser[] = [];
  const reviewers: BenchUser[] = [];
  const readerUsers: BenchUser[] = [];
  for (let i = 0; i < WRITERS; i++) editors.push(await makeBenchUser(`Editor ${i + 1}`));
  for (let i = 0; i < WRITERS; i++) reviewers.push(await makeBenchUser(`Reviewer ${i + 1}`));
  for (let i = 0; i < size.readers; i++) readerUsers.push(await makeBenchUser(`Reader ${i + 1}`));
  const wiki = await makeBenchWiki(owner, editors, "editor");
  for (const reviewer of reviewers) await addMember(wiki.id, reviewer.email, "reviewer", owner.id);
  for (const reader of readerUsers) await addMember(wiki.id, reader.email, "viewer", owner.id);
  const base = Y.encodeStateAsUpdate(ydocFromJSON(pageJSON(size.paragraphs)));
  const page = await makePageWithState(wiki.id, owner, "Suggestion fan-out", base);
  const documentName = pageDocumentName(page.id);

  // Each writer's paragraph, spread over the page; enough keystrokes for every window of its kind (+1 to warm up).
  const perWindow = size.seconds * KEYSTROKES_PER_SECOND;
  const count = (size.windows / 2) * perWindow + 1;
  const spread = (i: number, offset: number) => Math.floor(((2 * i + offset) * size.paragraphs) / (2 * WRITERS));
  const typing: Record<Kind, Keystroke[][]> = {
    editors: editors.map((_, i) => keystrokes(base, documentName, spread(i, 0), count)),
    reviewers: reviewers.map((reviewer, i) => keystrokes(base, documentName, spread(i, 1), count, reviewer)),
  };

  const server = await startOpinio(dataDir, { env: SERVER_ENV });
  const windows: Window[] = [];
  try {
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const options = (user: BenchUser, onUpdate?: (update: Uint8Array, at: number) => void) => ({
      url: server.url,
      documentName,
      headers: bearer(user),
      onUpdate,
    });
    const readers = await connectMany(size.readers, (i) =>
      options(readerUsers[i], (update, at) => {
        const sent = sentAt.get(updateKey(update));
        if (sent !== undefined) latencies.push(at - sent);
      }),
    );
    const writers: Record<Kind, WireClient[]> = {
      editors: await connectMany(WRITERS, (i) => options(editors[i])),
      reviewers: await connectMany(WRITERS, (i) => options(reviewers[i])),
    };
    // Warm-up, untimed: each writer's first keystroke (a reviewer's builds the guard's shadow copy of the page).
    for (const kind of ["editors", "reviewers"] as const)
      for (let w = 0; w < WRITERS; w++) {
        writers[kind][w].send(typing[kind][w][0].frame);
        await writers[kind][w].acknowledgedAtLeast(1);
      }
    const next: Record<Kind, number> = { editors: 1, reviewers: 1 };
    // Editors and reviewers take turns, window by window, so that a change in the machine's load
    // falls on both kinds alike.
    for (let index = 0; index < size.windows; index++) {
      const kind: Kind = index % 2 === 0 ? "editors" : "reviewers";
      await sleep(PAUSE_BETWEEN_WINDOWS_MS);
      latencies.length = 0;
      sentAt.clear();
      await server.diagnostics({ reset: true });
      let sent = 0;
      await paced(1000 / (WRITERS * KEYSTROKES_PER_SECOND), size.seconds * 1000, (tick) => {
        const writer = tick % WRITERS;
        const keystroke = typing[kind][writer][next[kind]];
        if (!keystroke) return false;
        sentAt.set(keystroke.key, nowMs());
        writers[kind][writer].send(keystroke.frame);
        sent++;
        if (writer === WRITERS - 1) next[kind]++;
      });
      const expected = sent * size.readers;
      for (let waited = 0; latencies.length < expected && waited < 3000; waited += 50) await sleep(50);
      const diagnostics = await server.diagnostics();
      windows.push({
        kind,
        latencies: [...latencies],
        expected,
        eventLoopP99: diagnostics.eventLoop.p99,
        compactionsMs: diagnostics.compactions.durationsMs,
      });
    }
    await closeAll([...readers, ...writers.editors, ...writers.reviewers]);
  } finally {
    await server.stop();
  }

  const of = (kind: Kind) => {
    const mine = windows.filter((window) => window.kind === kind);
    const all = mine.flatMap((window) => window.latencies);
    return {
      p50: median(all),
      p99: percentile(all, 99),
      eventLoopP99: Math.max(...mine.map((window) => window.eventLoopP99)),
      delivered: (100 * all.length) / mine.reduce((sum, window) => sum + window.expected, 0),
      edits: all.length / size.readers,
      compactionsMs: mine.flatMap((window) => window.compactionsMs),
    };
  };
  const reviewing = of("reviewers");
  const editing = of("editors");
  return {
    rows: [
      { metric: METRICS.p50, value: reviewing.p50, unit: "ms", reference: { label: "editors typing, same run", value: editing.p50 } },
      { metric: METRICS.p99, value: reviewing.p99, unit: "ms", reference: { label: "editors typing, same run", value: editing.p99 } },
      {
        metric: METRICS.eventLoop,
        value: reviewing.eventLoopP99,
        unit: "ms",
        reference: { label: "editors typing, same run", value: editing.eventLoopP99 },
      },
      {
        metric: METRICS.delivered,
        value: reviewing.delivered,
        unit: "%",
        reference: { label: "editors typing, same run", value: editing.delivered },
      },
    ],
    notes: [
      `Workload: one page of ${size.paragraphs} paragraphs on the real server (auth, guard, persistence: everything on); ${WRITERS} reviewers ` +
        `and ${WRITERS} editors connected throughout, each typing at the end of its own paragraph at ${KEYSTROKES_PER_SECOND} keystrokes/s. ` +
        `${size.windows} windows of ${size.seconds} s, editors and reviewers taking turns; in a reviewers' window every keystroke is ` +
        `the reviewer's own suggested insertion and goes through the reviewer guard (lib/collab/extensions/suggestion-guard.ts).`,
      `Latency: from a writer's send to the receipt of the same update bytes by each of ${size.readers} readers (viewers), all in the ` +
        `benchmark process on one clock. Event-loop delay: the largest of the windows' p99, inside the server.`,
      `Reference: the editors' windows of the same run, same page, same readers. Goal (issue 19): reviewers' p99 ≤ 1.2× editors'.`,
      `Editors: ${editing.edits} edits, p50 ${editing.p50.toFixed(2)} ms, p99 ${editing.p99.toFixed(2)} ms; ` +
        `reviewers: ${reviewing.edits} edits, p50 ${reviewing.p50.toFixed(2)} ms, p99 ${reviewing.p99.toFixed(2)} ms.`,
      `Compactions inside the windows (each window starts on a compacted log; ${SERVER_ENV.COMPACT_AFTER_UPDATES} updates per compaction): ` +
        `editors' ${compactions(editing.compactionsMs)}; reviewers' ${compactions(reviewing.compactionsMs)}.`,
    ],
  };
}

function compactions(durationsMs: number[]): string {
  return durationsMs.length ? `${durationsMs.length}, longest ${Math.max(...durationsMs).toFixed(1)} ms` : "none";
}
