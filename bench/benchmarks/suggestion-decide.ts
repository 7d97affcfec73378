import type { JSONContent } from "@tiptap/core";
import { createPage } from "@/lib/commands/pages";
import { addMember } from "@/lib/commands/wikis";
import { pageDocumentName } from "@/lib/collab/document-name";
import { jsonFromYDoc, ydocFromJSON } from "@/lib/editor/document";
import { replaceDocumentContent } from "@/lib/editor/replace-content";
import { SUGGESTION_DELETE, SUGGESTION_INSERT } from "@/lib/editor/suggestion-marks";
import { acceptSuggestions, listSuggestions } from "@/lib/suggestions/view";
import { closeAll, connectMany } from "../lib/collab-load";
import { bearer, makeBenchUser, makeBenchWiki, setPageState, type BenchUser } from "../lib/seed";
import { startOpinio } from "../lib/servers";
import { median, nowMs, timed } from "../lib/timing";
import type { BenchOptions, BenchResult } from "../lib/types";
import * as Y from "yjs";

export const name = "suggestion-decide";
export const description = "Accept-all of 200 suggestions on a page over the REST API, against a restore of the same size";

/** Metric names, shared with the smoke test. */
export const METRICS = {
  acceptAll: "accept-all, 200 suggestions (median)",
  acceptAllMax: "accept-all, 200 suggestions (slowest)",
  rejectAll: "reject-all, 200 suggestions (median)",
  inProcess: "accept-all's document work in-process (median)",
} as const;

const SUGGESTIONS = 200;
const REVIEWERS = 5;
const SIZES = { full: { samples: 7 }, quick: { samples: 1 } };
const CREATED_AT = "2026-12-04T07:00:00.000Z";

const sentence = (i: number, word: string) => [
  { type: "text", text: `Paragraph ${i}: the parties agree that the obligation is ` },
  { type: "text", text: word },
  { type: "text", text: " upon signature." },
];

/** 200 paragraphs, each with one word as given (the page a restore goes back to, or comes from). */
function plainPage(word: string): JSONContent {
  return {
    type: "doc",
    content: Array.from({ length: SUGGESTIONS }, (_, i) => ({
      type: "paragraph",
      attrs: { id: `p${String(i).padStart(9, "0")}` },
      content: sentence(i, word),
    })),
  };
}

/** The same page with 200 pending replacements ("binding" struck, "emerging" inserted), spread over five reviewers. */
function suggestedPage(reviewers: BenchUser[], sample: string): JSONContent {
  return {
    type: "doc",
    content: Array.from({ length: SUGGESTIONS }, (_, i) => {
      const attrs = { id: `s${sample}x${i}`, authorId: reviewers[i % reviewers.length].id, createdAt: CREATED_AT };
      const [before, , after] = sentence(i, "");
      return {
        type: "paragraph",
        attrs: { id: `p${String(i).padStart(9, "0")}` },
        content: [
          before,
          { type: "text", text: "binding", marks: [{ type: SUGGESTION_DELETE, attrs }] },
          { type: "text", text: "emerging", marks: [{ type: SUGGESTION_INSERT, attrs }] },
          after,
        ],
      };
    }),
  };
}

/** What the accept-all command does to the document, on a Y.Doc in this process: read, decide per author, write the difference. */
function acceptAllInProcess(json: JSONContent): number {
  const doc = ydocFromJSON(json);
  const { ms } = timed(() => {
    let next = jsonFromYDoc(doc);
    const byAuthor = new Map<string, string[]>();
    for (const s of listSuggestions(next)) byAuthor.set(s.authorId, [...(byAuthor.get(s.authorId) ?? []), s.id]);
    for (const [authorId, ids] of byAuthor) next = acceptSuggestions(next, { ids, authorId });
    doc.transact(() => replaceDocumentContent(doc, next));
  });
  doc.destroy();
  return ms;
}

export async function run({ quick, dataDir }: BenchOptions): Promise<BenchResult> {
  const { samples } = quick ? SIZES.quick : SIZES.full;
  const owner = await makeBenchUser("Owner");
  const editor = await makeBenchUser("Deciding editor");
  const reviewers: BenchUser[] = [];
  for (let i = 0; i < REVIEWERS; i++) reviewers.push(await makeBenchUser(`Reviewer ${i + 1}`));
  const wiki = await makeBenchWiki(owner, [editor], "editor");
  for (const reviewer of reviewers) await addMember(wiki.id, reviewer.email, "reviewer", owner.id);

  // One page per timed call (a decided page has nothing left to decide), plus one of each to warm up.
  const suggested = (label: string) =>
    createPage({ wikiId: wiki.id, title: `Suggested ${label}`, json: suggestedPage(reviewers, label) }, owner.id);
  const restorable = async (label: string) => {
    // Version 1 reads "binding"; the page now reads "emerging" in all 200 paragraphs: a restore changes as many places as accept-all.
    const page = await createPage({ wikiId: wiki.id, title: `Restorable ${label}`, json: plainPage("binding") }, owner.id);
    await setPageState(page.id, Y.encodeStateAsUpdate(ydocFromJSON(plainPage("emerging"))));
    return page;
  };
  const rounds = [];
  for (let i = 0; i < samples + 1; i++) {
    rounds.push({ accept: await suggested(`a${i}`), reject: await suggested(`r${i}`), restore: await restorable(`${i}`) });
  }

  const server = await startOpinio(dataDir);
  const times = { accept: [] as number[], reject: [] as number[], restore: [] as number[] };
  try {
    const post = async (path: string, body: unknown): Promise<number> => {
      const start = nowMs();
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method: "POST",
        headers: { ...bearer(editor), "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const elapsed = nowMs() - start;
      const text = await response.text();
      if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
      return elapsed;
    };
    for (const [index, round] of rounds.entries()) {
      // The deciding editor has each page open, as someone pressing "Accept all" does: the page is loaded in the collab server.
      const open = await connectMany(3, (i) => ({
        url: server.url,
        documentName: pageDocumentName([round.accept, round.reject, round.restore][i].id),
        headers: bearer(editor),
      }));
      const accept = await post(`/pages/${round.accept.id}/suggestions/accept-all`, {});
      const restore = await post(`/pages/${round.restore.id}/restore`, { version: 1 });
      const reject = await post(`/pages/${round.reject.id}/suggestions/reject-all`, {});
      await closeAll(open);
      if (index === 0) continue; // warm-up
      times.accept.push(accept);
      times.restore.push(restore);
      times.reject.push(reject);
    }
  } finally {
    await server.stop();
  }
  const inProcess = Array.from({ length: samples + 1 }, () => acceptAllInProcess(suggestedPage(reviewers, "x"))).slice(1);
  const restoreMedian = median(times.restore);
  return {
    rows: [
      {
        metric: METRICS.acceptAll,
        value: median(times.accept),
        unit: "ms",
        reference: { label: "restore, 200 words (median)", value: restoreMedian },
      },
      { metric: METRICS.acceptAllMax, value: Math.max(...times.accept), unit: "ms", reference: { label: "goal (issue 19)", value: 300 } },
      {
        metric: METRICS.rejectAll,
        value: median(times.reject),
        unit: "ms",
        reference: { label: "restore, 200 words (median)", value: restoreMedian },
      },
      {
        metric: METRICS.inProcess,
        value: median(inProcess),
        unit: "ms",
        reference: { label: "accept-all over REST (median)", value: median(times.accept) },
      },
    ],
    notes: [
      `Workload: pages of ${SUGGESTIONS} paragraphs, each with one pending replacement ("binding" struck, "emerging" inserted: one suggestion) ` +
        `by one of ${REVIEWERS} reviewers; POST /api/v1/pages/{id}/suggestions/accept-all (and reject-all) by an editor who has the page open, ` +
        `through the real server: the command reads and rewrites the live document on the collab server, writes it to disk, records ` +
        `${SUGGESTIONS} decisions and an audit entry. Time: request to response, ${samples} pages each after one to warm up.`,
      `Reference: POST /api/v1/pages/{id}/restore of version 1 on a page whose ${SUGGESTIONS} paragraphs differ from it by one word each: the ` +
        `same live whole-body change through the collab server, written before the answer, plus recording a version (a diff) instead of decisions.`,
      `In-process: the document work alone on a Y.Doc in the benchmark process (read it as JSON, accept per author, write the difference with ` +
        `y-tiptap's updateYFragment), against the REST median. Goal (issue 19): accept-all of 200 ≤ 300 ms.`,
    ],
  };
}
