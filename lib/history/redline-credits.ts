import type { JSONContent } from "@tiptap/core";
import { flattenDocument } from "./blocks";
import { diffDocuments, type BlockChange, type DocumentDiff, type WordChange } from "./diff";

/** One step of a page's history: the document after a change, and the credit for that change. */
export interface HistoryStep<C> {
  json: JSONContent;
  credit: C;
}

/**
 * A stretch of one block of the redline. Insertions and deletions carry the credit of the step
 * that made them; kept text has none.
 */
export interface CreditedPiece<C> {
  type: WordChange["type"];
  text: string;
  credit: C | null;
}

/** The pieces of one block of the redline, and the credit for adding or removing the block itself. */
export interface CreditedBlock<C> {
  /** Spell the block as the redline shows it: kept + deleted text is the old text, kept + inserted the new. */
  pieces: CreditedPiece<C>[];
  /** For a block added or removed whole: whoever added or removed its paragraph mark. */
  markCredit: C | null;
}

/** A redline with a credit on every change; `blocks[i]` belongs to `diff.blocks[i]`. */
export interface CreditedRedline<C> {
  diff: DocumentDiff;
  blocks: CreditedBlock<C>[];
}

export interface CreditOptions<C> {
  /**
   * Show the redline from the last step back to the first (comparing a later version with an
   * earlier one). The steps still go forward in time; a change then reads as undoing the step
   * that made it, so it keeps that step's credit.
   */
  backward?: boolean;
  /** For a change the steps cannot explain (the overall diff aligned text differently than the steps did). */
  fallback: C;
}

/**
 * For each character of one document, per block, the step since which it has been there without
 * a break (0: since the first document). Each block has one slot per character plus one for its
 * end (its paragraph mark), so whole blocks are traced too.
 */
type Born = Int32Array[];

/**
 * The redline between the first document and the last of a history, with each insertion and
 * deletion credited to the step that made it for good:
 *
 * - an inserted character to the step since which it has been in the text without a break, found
 *   by following characters through each step's own diff (a word added, removed and added again
 *   is credited to the last addition);
 * - a deleted character to the step after the last document that still had it, found by
 *   comparing each document with the first (a word removed, restored and removed again is
 *   credited to the last removal; its restored copy is new text that step diffs cannot follow).
 *
 * Words added and removed again in between do not show, as in the plain comparison, which this
 * is exactly (`diffDocuments(base, last)`, or reversed). Cost: two comparisons per step.
 */
export function creditRedline<C>(base: JSONContent, steps: Iterable<HistoryStep<C>>, options: CreditOptions<C>): CreditedRedline<C> {
  const tracer = new RedlineTracer<C>(base);
  for (const step of steps) tracer.add(step);
  return tracer.finish(options);
}

/**
 * `creditRedline` one step at a time, for a caller that lets other work run between steps (a
 * long history takes seconds on a large page, and the server's event loop also carries the
 * live collaboration).
 */
export class RedlineTracer<C> {
  private readonly baseStart: number[] = [];
  /** lastHad[i]: the last step whose document still had base slot i. */
  private readonly lastHad: Int32Array;
  private born: Born;
  private readonly credits: C[] = [];
  private previous: JSONContent;
  private fromBase: DocumentDiff | null = null;

  constructor(private readonly base: JSONContent) {
    const baseBlocks = flattenDocument(base);
    let total = 0;
    for (const block of baseBlocks) {
      this.baseStart.push(total);
      total += block.text.length + 1;
    }
    this.lastHad = new Int32Array(total);
    this.born = baseBlocks.map((block) => new Int32Array(block.text.length + 1));
    this.previous = base;
  }

  /** Takes in the next step of the history. */
  add(step: HistoryStep<C>): void {
    this.credits.push(step.credit);
    const number = this.credits.length;
    this.born = traceStep(diffDocuments(this.previous, step.json), this.born, number);
    this.fromBase = diffDocuments(this.base, step.json);
    markKept(this.fromBase, (block, from, to) => this.lastHad.fill(number, this.baseStart[block] + from, this.baseStart[block] + to));
    this.previous = step.json;
  }

  /** The credited redline from the base to the last step taken in (or back). */
  finish(options: CreditOptions<C>): CreditedRedline<C> {
    const { base, previous, credits, baseStart, lastHad, born } = this;
    // The step that made each side's characters what the final comparison shows (0: unknown).
    const removedBy = (block: number, offset: number) => {
      const step = lastHad[baseStart[block] + offset] + 1;
      return step <= credits.length ? step : 0;
    };
    const addedBy = (block: number, offset: number) => born[block][offset];
    const diff = options.backward ? diffDocuments(previous, base) : (this.fromBase ?? diffDocuments(base, base));
    const oldSide = options.backward ? addedBy : removedBy;
    const newSide = options.backward ? removedBy : addedBy;
    const creditOf = (step: number) => (step > 0 ? credits[step - 1] : options.fallback);
    const blocks = diff.blocks.map((change) => creditBlock(change, oldSide, newSide, creditOf));
    return { diff, blocks };
  }
}

/** Carries the trace over one step: kept characters keep their step, new ones are born in this one. */
function traceStep(diff: DocumentDiff, born: Born, step: number): Born {
  const next: Born = [];
  for (const change of diff.blocks) {
    const { beforeIndex: b, afterIndex: a } = change;
    if (a === undefined) continue;
    const length = change.after!.text.length + 1;
    if (change.type === "added" || b === undefined) {
      next[a] = new Int32Array(length).fill(step);
    } else if (change.type !== "changed" || change.restyled || !change.words) {
      // Same text on both sides; arrays are never written after creation, so they can be shared.
      next[a] = born[b];
    } else {
      const kept = new Int32Array(length).fill(step);
      walkWords(change.words, (beforeAt, afterAt, n) => kept.set(born[b].subarray(beforeAt, beforeAt + n), afterAt));
      // The block itself stays: its end slot carries over.
      kept[length - 1] = born[b][born[b].length - 1];
      next[a] = kept;
    }
  }
  return next;
}

/** Calls `kept` with each stretch of the old document's blocks that the diff keeps. */
function markKept(diff: DocumentDiff, kept: (block: number, from: number, to: number) => void): void {
  for (const change of diff.blocks) {
    const b = change.beforeIndex;
    if (b === undefined || change.type === "removed") continue;
    const length = change.before!.text.length + 1;
    if (change.type !== "changed" || change.restyled || !change.words) {
      kept(b, 0, length);
    } else {
      walkWords(change.words, (beforeAt, _afterAt, n) => kept(b, beforeAt, beforeAt + n));
      kept(b, length - 1, length);
    }
  }
}

/** Calls `equal` with the offsets on each side and the length of every kept stretch of a word diff. */
function walkWords(words: readonly WordChange[], equal: (beforeAt: number, afterAt: number, length: number) => void): void {
  let beforeAt = 0;
  let afterAt = 0;
  for (const word of words) {
    const n = word.text.length;
    if (word.type === "equal") equal(beforeAt, afterAt, n);
    if (word.type !== "insert") beforeAt += n;
    if (word.type !== "delete") afterAt += n;
  }
}

type StepAt = (block: number, offset: number) => number;

function creditBlock<C>(change: BlockChange, oldSide: StepAt, newSide: StepAt, creditOf: (step: number) => C): CreditedBlock<C> {
  const { before, after, beforeIndex: b, afterIndex: a } = change;
  if (change.type === "added" && after && a !== undefined) {
    const pieces = creditedStretch("insert", after.text, (offset) => newSide(a, offset), creditOf);
    return { pieces, markCredit: creditOf(newSide(a, after.text.length) || stepOfFirst(after.text, (offset) => newSide(a, offset))) };
  }
  if (change.type === "removed" && before && b !== undefined) {
    const pieces = creditedStretch("delete", before.text, (offset) => oldSide(b, offset), creditOf);
    return { pieces, markCredit: creditOf(oldSide(b, before.text.length) || stepOfFirst(before.text, (offset) => oldSide(b, offset))) };
  }
  const shown = after ?? before;
  if (change.type !== "changed" || change.restyled || !change.words || b === undefined || a === undefined) {
    return { pieces: shown?.text ? [{ type: "equal", text: shown.text, credit: null }] : [], markCredit: null };
  }
  const pieces: CreditedPiece<C>[] = [];
  let beforeAt = 0;
  let afterAt = 0;
  for (const word of change.words) {
    const start = word.type === "insert" ? afterAt : beforeAt;
    if (word.type === "equal") pieces.push({ type: "equal", text: word.text, credit: null });
    else if (word.type === "insert") pieces.push(...creditedStretch("insert", word.text, (offset) => newSide(a, start + offset), creditOf));
    else pieces.push(...creditedStretch("delete", word.text, (offset) => oldSide(b, start + offset), creditOf));
    if (word.type !== "insert") beforeAt += word.text.length;
    if (word.type !== "delete") afterAt += word.text.length;
  }
  return { pieces, markCredit: null };
}

/** The first known step in a stretch, or 0. */
function stepOfFirst(text: string, stepAt: (offset: number) => number): number {
  for (let i = 0; i < text.length; i++) if (stepAt(i) > 0) return stepAt(i);
  return 0;
}

/**
 * Splits one inserted or deleted stretch where its characters' steps change. Characters the
 * steps cannot explain (step 0) join the piece before them, or after them at the start, so a
 * space the overall diff swept into a change does not get a credit of its own.
 */
function creditedStretch<C>(
  type: "insert" | "delete",
  text: string,
  stepAt: (offset: number) => number,
  creditOf: (step: number) => C,
): CreditedPiece<C>[] {
  const steps = Array.from({ length: text.length }, (_, i) => stepAt(i));
  let known = steps.find((s) => s > 0) ?? 0;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] > 0) known = steps[i];
    else steps[i] = known;
  }
  const pieces: CreditedPiece<C>[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && steps[i] === steps[start]) continue;
    pieces.push({ type, text: text.slice(start, i), credit: creditOf(steps[start]) });
    start = i;
  }
  return pieces;
}
