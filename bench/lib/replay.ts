import * as Y from "yjs";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import type { ConcurrentTrace, Patch, SequentialTrace } from "./traces";

/**
 * Turns an editing trace into the Yjs updates an Opinio editor would send: every transaction of
 * the trace becomes one Yjs transaction on the Y.XmlText of the first paragraph of the page's
 * `default` XmlFragment (the shape Tiptap's collaboration extension gives a paragraph), and the
 * Y.Doc's own `update` event for it is what a client sends to /collab.
 */

/** A page body with one empty paragraph, as a Yjs update: the state the replay starts from. */
export function emptyParagraphState(): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText()]);
  doc.getXmlFragment(DOCUMENT_FRAGMENT).insert(0, [paragraph]);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** The Y.XmlText of the first paragraph of the page body. */
export function firstParagraphText(doc: Y.Doc): Y.XmlText {
  const paragraph = doc.getXmlFragment(DOCUMENT_FRAGMENT).get(0);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
  if (!(text instanceof Y.XmlText)) throw new Error("The page body does not start with a paragraph's text");
  return text;
}

const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

/** Trace positions count code points, Yjs counts UTF-16 units: equal unless a patch inserts astral characters. */
function hasAstral(patchLists: Patch[][]): boolean {
  return patchLists.some((patches) => patches.some((patch) => ASTRAL.test(patch[2])));
}

function utf16Offset(content: string, codePoints: number): number {
  let offset = 0;
  for (let i = 0; i < codePoints; i++) offset += (content.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  return offset;
}

/** Applies one transaction's patches to `text`; `content` (for the slow astral path) mirrors it. */
function applyPatches(text: Y.XmlText, patches: Patch[], mirror: { content: string } | null): void {
  for (const [pos, del, ins] of patches) {
    if (!mirror) {
      if (del > 0) text.delete(pos, del);
      if (ins) text.insert(pos, ins);
      continue;
    }
    const start = utf16Offset(mirror.content, pos);
    const end = start + utf16Offset(mirror.content.slice(start), del);
    if (end > start) text.delete(start, end - start);
    if (ins) text.insert(start, ins);
    mirror.content = mirror.content.slice(0, start) + ins + mirror.content.slice(end);
  }
}

function captureUpdates(doc: Y.Doc, origin: symbol): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array, from: unknown) => {
    if (from === origin) updates.push(update);
  });
  return updates;
}

export type SequentialReplay = { base: Uint8Array; updates: Uint8Array[]; doc: Y.Doc };

/**
 * Replays a sequential trace (optionally only its first `limit` transactions) on top of `base`
 * (default: one empty paragraph). Returns one update per transaction and the final Y.Doc.
 */
export function replaySequential(trace: SequentialTrace, options: { base?: Uint8Array; limit?: number } = {}): SequentialReplay {
  const base = options.base ?? emptyParagraphState();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const text = firstParagraphText(doc);
  if (trace.startContent) text.insert(0, trace.startContent);
  const txns = options.limit === undefined ? trace.txns : trace.txns.slice(0, options.limit);
  const mirror = hasAstral(txns.map((t) => t.patches)) ? { content: text.toString() } : null;
  const origin = Symbol("replay");
  const updates = captureUpdates(doc, origin);
  for (const txn of txns) doc.transact(() => applyPatches(text, txn.patches, mirror), origin);
  return { base, updates, doc };
}

const CLIENT_ID_BASE = 1_000_000;

function docFrom(update: Uint8Array, clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  Y.applyUpdate(doc, update);
  return doc;
}

export type ConcurrentReplay = { base: Uint8Array; updates: { agent: number; update: Uint8Array }[]; docs: Y.Doc[] };

/**
 * Replays a concurrent trace with one Y.Doc per agent: before a transaction runs on its agent's
 * doc, the doc receives every transaction of the other agents that the transaction's parents
 * have seen. An agent's transactions form a chain on its own doc, so "seen" is a count per agent.
 */
export function replayConcurrent(trace: ConcurrentTrace, options: { base?: Uint8Array; limit?: number } = {}): ConcurrentReplay {
  const base = options.base ?? emptyParagraphState();
  const agents = trace.numAgents;
  // Concurrent inserts at one position are ordered by Yjs client id; fixed ids make the replay
  // deterministic, and ascending ids per agent reproduce the trace's own endContent.
  const docs = Array.from({ length: agents }, (_, agent) => docFrom(base, CLIENT_ID_BASE + agent));
  const texts = docs.map(firstParagraphText);
  const txns = options.limit === undefined ? trace.txns : trace.txns.slice(0, options.limit);
  const mirrors = hasAstral(txns.map((t) => t.patches)) ? texts.map((t) => ({ content: t.toString() })) : null;
  // seen[i][b]: how many of agent b's transactions transaction i has seen (its own included).
  const seen: Int32Array[] = [];
  const byAgent: Uint8Array[][] = Array.from({ length: agents }, () => []);
  const applied = docs.map(() => new Int32Array(agents));
  const origin = Symbol("replay");
  const updates: ConcurrentReplay["updates"] = [];
  txns.forEach((txn, index) => {
    const version = new Int32Array(agents);
    for (const parent of txn.parents) {
      const parentSeen = seen[parent];
      for (let b = 0; b < agents; b++) if (parentSeen[b] > version[b]) version[b] = parentSeen[b];
    }
    const a = txn.agent;
    const doc = docs[a];
    for (let b = 0; b < agents; b++) {
      if (b === a) continue;
      while (applied[a][b] < version[b]) Y.applyUpdate(doc, byAgent[b][applied[a][b]++]);
    }
    let update: Uint8Array | undefined;
    const capture = (u: Uint8Array, from: unknown) => {
      if (from === origin) update = u;
    };
    doc.on("update", capture);
    doc.transact(() => applyPatches(texts[a], txn.patches, mirrors ? mirrors[a] : null), origin);
    doc.off("update", capture);
    // A transaction whose patches change nothing still counts as seen; it sends an empty update.
    const own = update ?? Y.encodeStateAsUpdate(new Y.Doc());
    byAgent[a].push(own);
    applied[a][a] = byAgent[a].length;
    version[a] = byAgent[a].length;
    seen[index] = version;
    updates.push({ agent: a, update: own });
  });
  return { base, updates, docs };
}

/** The text of the first paragraph of a Y.Doc that has received every update. */
export function mergedText(base: Uint8Array, updates: Uint8Array[]): string {
  const doc = docFrom(base);
  for (const update of updates) Y.applyUpdate(doc, update);
  const text = firstParagraphText(doc).toString();
  doc.destroy();
  return text;
}
