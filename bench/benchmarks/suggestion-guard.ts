import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { ydocFromJSON } from "@/lib/editor/document";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { ShadowDocument } from "@/lib/suggestions/shadow";
import { median, percentile, timed } from "../lib/timing";
import type { BenchOptions, BenchResult } from "../lib/types";

export const name = "suggestion-guard";
export const description = "Reviewer guard: cost of judging one reviewer keystroke on a long page, against applying it";

export const METRICS = {
  judgeP50: "judge one reviewer update (p50)",
  judgeP99: "judge one reviewer update (p99)",
  judgeCpuP99: "judge one reviewer update (p99, CPU time)",
  build: "build the shadow copy (once per page)",
} as const;

const SIZES = { full: { paragraphs: 1000, updates: 2000 }, quick: { paragraphs: 200, updates: 100 } };
const REVIEWER = "reviewer-1";

export async function run({ quick }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const json: JSONContent = {
    type: "doc",
    content: Array.from({ length: size.paragraphs }, (_, i) => ({
      type: "paragraph",
      attrs: { id: `p${String(i).padStart(9, "0")}` },
      content: [{ type: "text", text: `Paragraph ${i}: the parties agree that the obligation is binding upon signature.` }],
    })),
  };
  const live = ydocFromJSON(json);
  const reviewer = new Y.Doc();
  Y.applyUpdate(reviewer, Y.encodeStateAsUpdate(live));
  const { result: shadow, ms: buildMs } = timed(() => new ShadowDocument(live, DOCUMENT_FRAGMENT));
  live.on("update", (update: Uint8Array) => shadow.mirror(update));
  // The reference: the same updates applied to a plain copy, which is what Hocuspocus does anyway.
  const plain = new Y.Doc();
  Y.applyUpdate(plain, Y.encodeStateAsUpdate(live));
  const spareLive = new Y.Doc();
  Y.applyUpdate(spareLive, Y.encodeStateAsUpdate(live));
  const spare = new ShadowDocument(spareLive, DOCUMENT_FRAGMENT);
  spareLive.on("update", (update: Uint8Array) => spare.mirror(update));
  const sparePlain = new Y.Doc();
  Y.applyUpdate(sparePlain, Y.encodeStateAsUpdate(live));

  const judge: number[] = [];
  const judgeCpu: number[] = [];
  const apply: number[] = [];
  const applyCpu: number[] = [];
  /** CPU time this process spent (ms): unlike the clock, it does not count time another process had the core. */
  const cpuMs = (work: () => unknown) => {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  const body = reviewer.getXmlFragment(DOCUMENT_FRAGMENT);
  for (let i = 0; i < size.updates; i++) {
    // A keystroke in a paragraph spread over the page: one character of the reviewer's own insertion.
    const paragraph = body.get((i * 7919) % size.paragraphs) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const before = Y.encodeStateVector(reviewer);
    // y-tiptap's key for a mark that may overlap itself: the name, "--" and 8 base64 characters.
    const key = `suggestionInsert--${String(i).padStart(8, "0")}`;
    text.insert(0, "x", { [key]: { id: `s${i}`, authorId: REVIEWER, createdAt: "2026-12-04T07:00:00.000Z" } });
    const update = Y.encodeStateAsUpdate(reviewer, before);
    const judged = timed(() => shadow.judge(update, REVIEWER));
    if (!judged.result.ok) throw new Error(`an honest update was refused: ${judged.result.reason}`);
    judge.push(judged.ms);
    apply.push(timed(() => Y.applyUpdate(plain, update)).ms);
    // The same work again on copies that are one update behind, timed in CPU time.
    judgeCpu.push(cpuMs(() => spare.judge(update, REVIEWER)));
    applyCpu.push(cpuMs(() => Y.applyUpdate(sparePlain, update)));
    spareLive.transact(() => Y.applyUpdate(spareLive, update));
    Y.applyUpdate(live, update);
  }
  const applyP50 = median(apply);
  const applyP99 = percentile(apply, 99);
  return {
    rows: [
      { metric: METRICS.judgeP50, value: median(judge), unit: "ms", reference: { label: "Y.applyUpdate p50", value: applyP50 } },
      { metric: METRICS.judgeP99, value: percentile(judge, 99), unit: "ms", reference: { label: "Y.applyUpdate p99", value: applyP99 } },
      {
        metric: METRICS.judgeCpuP99,
        value: percentile(judgeCpu, 99),
        unit: "ms",
        reference: { label: "Y.applyUpdate p99, CPU", value: percentile(applyCpu, 99) },
      },
      { metric: METRICS.build, value: buildMs, unit: "ms" },
    ],
    notes: [
      `Workload: a page of ${size.paragraphs} paragraphs (~14 words each); ${size.updates} reviewer updates, each one character of ` +
        `the reviewer's own suggested insertion in a paragraph spread over the page, judged by ShadowDocument.judge (the guard's ` +
        `whole per-message work but decoding the frame) and then applied to the page, which the shadow mirrors.`,
      `Reference: the same update applied with Y.applyUpdate to a plain copy of the page (what Hocuspocus does with it anyway).`,
      `CPU time: the same judgement and apply on a second shadow and copy, measured with process.cpuUsage (1 µs resolution), ` +
        `which leaves out the time other processes held the core; on a shared, loaded machine the clock's p99 is mostly that.`,
    ],
  };
}
