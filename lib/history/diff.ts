import type { JSONContent } from "@tiptap/core";
import { diffArrays, diffWordsWithSpace } from "diff";
import {
  BLOCK_KIND_NOUNS,
  BLOCK_KINDS,
  citationKey,
  citationOffsets,
  countWords,
  flattenDocument,
  type BlockKind,
  type DocBlock,
} from "./blocks";

/** What happened to a block between the two versions. */
export type BlockChangeType = "unchanged" | "changed" | "added" | "removed" | "moved";

/** A stretch of a changed block's text: kept, inserted or deleted. */
export interface WordChange {
  type: "equal" | "insert" | "delete";
  text: string;
}

/**
 * One block of the redline, in reading order: removed blocks sit where they were, everything else
 * where it is now. `beforeIndex`/`afterIndex` point into `flattenDocument` of each version.
 */
export interface BlockChange {
  type: BlockChangeType;
  /** The block's kind now (or, when removed, before). */
  kind: BlockKind;
  before?: DocBlock;
  after?: DocBlock;
  beforeIndex?: number;
  afterIndex?: number;
  /** Word-level diff of a "changed" block; its equal+delete texts spell `before.text`, equal+insert `after.text`. */
  words?: WordChange[];
  /** Same text, but formatting or block type changed (e.g. a paragraph became a heading). */
  restyled?: boolean;
  /** For a "moved" block: where it was in the earlier version (`before.path`). */
  movedFrom?: string;
}

/** Block counts by what happened to them. */
export interface KindCounts {
  changed: number;
  added: number;
  removed: number;
  moved: number;
}

/** Totals over all kinds, per kind, words touched by edits (whitespace-separated tokens) and footnote marks. */
export interface DiffSummary extends KindCounts {
  wordsAdded: number;
  wordsRemoved: number;
  /** Citations added or removed; a changed pinpoint is one of each. */
  citationsAdded: number;
  citationsRemoved: number;
  byKind: Record<BlockKind, KindCounts>;
}

/** The comparison of two versions: every block in reading order plus the totals. */
export interface DocumentDiff {
  blocks: BlockChange[];
  summary: DiffSummary;
  /** E.g. "3 paragraphs changed, 1 added, 1 heading removed; +142 −37 words, +1 citation", or "No changes". */
  summaryText: string;
}

/** Word-level similarity at or above which a removed and an added block of one kind pair up as "changed". */
export const CHANGED_SIMILARITY = 0.4;

/** Pairing score of two table cells of one column that share too few words to pass the similarity threshold. */
const SAME_COLUMN_SCORE = 0.001;

/** Pairing score of an empty block and a block of the same kind with words: the weakest evidence. */
const EMPTY_BLOCK_SCORE = 0.0005;

/** Word-diff edit budget per block pair (tokens); past it the pair shows as replaced wholesale. */
const MAX_WORD_EDITS = 4_000;

/** In greedy pairing, how far ahead to look for a partner for each removed block. */
const GREEDY_WINDOW = 64;

/** Above this many candidate pairs in one stretch, pairing turns greedy to stay linear-ish. */
const MAX_PAIRING_CELLS = 250_000;

const ACTIONS = ["changed", "added", "removed", "moved"] as const;

/** A run of removed and added blocks between two unchanged ones. */
interface Hunk {
  removed: number[];
  added: number[];
}

/**
 * Compares two versions block by block: an LCS aligns identical blocks, removed/added blocks of
 * one kind that are similar enough become "changed" with a word diff, and a block whose exact
 * text was removed in one place and added in another becomes one "moved".
 */
export function diffDocuments(before: JSONContent, after: JSONContent): DocumentDiff {
  const oldBlocks = flattenDocument(before);
  const newBlocks = flattenDocument(after);
  const oldKeys = oldBlocks.map(blockKey);
  const newKeys = newBlocks.map(blockKey);

  // 1. Align identical blocks; keep the steps so unchanged blocks and hunks stay in order.
  type Step = { equal: [number, number][] } | { hunk: Hunk };
  const steps: Step[] = [];
  let oi = 0;
  let ni = 0;
  for (const part of diffArrays(oldKeys, newKeys)) {
    const last = steps.at(-1);
    if (!part.added && !part.removed) {
      steps.push({ equal: part.value.map((_, k) => [oi + k, ni + k] as [number, number]) });
      oi += part.count;
      ni += part.count;
      continue;
    }
    const hunk = last && "hunk" in last ? last.hunk : { removed: [], added: [] };
    if (!(last && "hunk" in last)) steps.push({ hunk });
    for (let k = 0; k < part.count; k++) {
      if (part.removed) hunk.removed.push(oi++);
      else hunk.added.push(ni++);
    }
  }
  const hunks = steps.flatMap((step) => ("hunk" in step ? [step.hunk] : []));

  // 2. Moves first: exact text removed in one hunk and added in another. Within one hunk the same
  //    text is a restyle in place, which the pairing below handles.
  const movedTo = new Map<number, number>(); // added index -> removed index
  const movedAway = new Set<number>();
  const hunkOfAdded = new Map<number, Hunk>();
  const addedByText = new Map<string, number[]>();
  for (const hunk of hunks) {
    for (const a of hunk.added) {
      hunkOfAdded.set(a, hunk);
      if (newBlocks[a].text.trim() === "") continue;
      const content = contentOf(newBlocks[a]);
      const list = addedByText.get(content) ?? [];
      list.push(a);
      addedByText.set(content, list);
    }
  }
  for (const hunk of hunks) {
    for (const r of hunk.removed) {
      const candidates = addedByText.get(contentOf(oldBlocks[r]));
      if (!candidates) continue;
      const at = candidates.findIndex((a) => hunkOfAdded.get(a) !== hunk);
      if (at < 0) continue;
      const [a] = candidates.splice(at, 1);
      movedTo.set(a, r);
      movedAway.add(r);
    }
  }

  // 3. Pair what is left in each hunk, emitting everything in reading order.
  const blocks: BlockChange[] = [];
  for (const step of steps) {
    if ("equal" in step) {
      for (const [o, n] of step.equal) {
        blocks.push({
          type: "unchanged",
          kind: newBlocks[n].kind,
          before: oldBlocks[o],
          after: newBlocks[n],
          beforeIndex: o,
          afterIndex: n,
        });
      }
      continue;
    }
    const removed = step.hunk.removed.filter((r) => !movedAway.has(r));
    const added = step.hunk.added;
    const pairable = added.filter((a) => !movedTo.has(a));
    const pairs = pairBlocks(
      removed.map((r) => oldBlocks[r]),
      pairable.map((a) => newBlocks[a]),
    );
    const addedPosition = new Map(added.map((a, position) => [a, position]));

    // Between pairs, deletions come before insertions, as in a printed redline.
    let rp = 0;
    let ap = 0;
    const emitUntil = (removedEnd: number, addedEnd: number) => {
      for (; rp < removedEnd; rp++) {
        const r = removed[rp];
        blocks.push({ type: "removed", kind: oldBlocks[r].kind, before: oldBlocks[r], beforeIndex: r });
      }
      for (; ap < addedEnd; ap++) {
        const a = added[ap];
        const from = movedTo.get(a);
        if (from === undefined) {
          blocks.push({ type: "added", kind: newBlocks[a].kind, after: newBlocks[a], afterIndex: a });
        } else {
          const moved = oldBlocks[from];
          blocks.push({
            type: "moved",
            kind: newBlocks[a].kind,
            before: moved,
            after: newBlocks[a],
            beforeIndex: from,
            afterIndex: a,
            movedFrom: moved.path,
          });
        }
      }
    };
    for (const [ri, ai] of pairs) {
      const r = removed[ri];
      const a = pairable[ai];
      emitUntil(ri, addedPosition.get(a) ?? ap);
      blocks.push(changedBlock(oldBlocks[r], newBlocks[a], r, a));
      rp = ri + 1;
      ap += 1;
    }
    emitUntil(removed.length, added.length);
  }

  const summary = summarize(blocks);
  return { blocks, summary, summaryText: formatSummary(summary) };
}

/** Identity for alignment: text plus everything a reader would see as a different block. */
function blockKey(block: DocBlock): string {
  const formatting = block.runs.map(
    (run) => `${run.text.length}:${run.marks.map((m) => (m.href ? `${m.type}=${m.href}` : m.type)).join(",")}`,
  );
  return JSON.stringify([
    block.kind,
    block.level,
    block.quoted,
    block.header,
    block.depth,
    block.ordered,
    block.language,
    contentOf(block),
    formatting,
  ]);
}

/** A block's text with each footnote mark spelled out as what it cites: equal only when the words and citations are. */
function contentOf(block: DocBlock): string {
  if (!block.runs.some((run) => run.citation)) return block.text;
  return block.runs.map((run) => (run.citation ? `${run.text}${citationKey(run.citation)}` : run.text)).join("");
}

function changedBlock(before: DocBlock, after: DocBlock, beforeIndex: number, afterIndex: number): BlockChange {
  if (contentOf(before) === contentOf(after)) {
    const words: WordChange[] = before.text ? [{ type: "equal", text: before.text }] : [];
    return { type: "changed", kind: after.kind, before, after, beforeIndex, afterIndex, words, restyled: true };
  }
  return { type: "changed", kind: after.kind, before, after, beforeIndex, afterIndex, words: diffCitedWords(before, after) };
}

/**
 * The word diff of two blocks with citations as atomic tokens: each footnote mark is swapped for
 * a character standing for its source and pinpoint (same length, so offsets hold), so a citation
 * added, removed or re-pinpointed is an insertion, deletion or replacement of that one token.
 */
function diffCitedWords(before: DocBlock, after: DocBlock): WordChange[] {
  const cites = (block: DocBlock) => block.runs.some((run) => run.citation);
  if (!cites(before) && !cites(after)) return diffBlockWords(before.text, after.text);
  const stand = citationStandIns(before.text + after.text);
  const spell = (block: DocBlock) => block.runs.map((run) => (run.citation ? stand(citationKey(run.citation)) : run.text)).join("");
  // The diff ran over the stand-ins; its pieces are re-cut from the real texts at the same offsets.
  let beforeAt = 0;
  let afterAt = 0;
  return diffBlockWords(spell(before), spell(after)).map((word) => {
    const length = word.text.length;
    const source = word.type === "insert" ? after.text.slice(afterAt, afterAt + length) : before.text.slice(beforeAt, beforeAt + length);
    if (word.type !== "insert") beforeAt += length;
    if (word.type !== "delete") afterAt += length;
    return { type: word.type, text: source };
  });
}

/** One private-use character per citation, skipping any the texts already use so none is mistaken for another. */
function citationStandIns(texts: string): (key: string) => string {
  const chosen = new Map<string, string>();
  let code = 0xe000;
  return (key) => {
    let char = chosen.get(key);
    if (char === undefined) {
      while (texts.includes(String.fromCharCode(code))) code++;
      char = String.fromCharCode(code++);
      chosen.set(key, char);
    }
    return char;
  };
}

/**
 * Order-preserving pairing of removed with added blocks that maximizes total similarity. Same
 * text pairs regardless of kind (a restyle); otherwise same kind and similarity ≥ the threshold,
 * or table cells of one column.
 */
function pairBlocks(removed: DocBlock[], added: DocBlock[]): [number, number][] {
  if (removed.length === 0 || added.length === 0) return [];
  const oldBags = removed.map((b) => wordBag(b.text));
  const newBags = added.map((b) => wordBag(b.text));
  const score = (i: number, j: number): number => {
    const r = removed[i];
    const a = added[j];
    // The same words are the same block, even restyled (a paragraph made a heading) — but no
    // words are no evidence: an emptied paragraph is not the empty cell of a table added after it.
    if (contentOf(r) === contentOf(a) && (r.kind === a.kind || r.text.trim() !== "")) return 2;
    if (r.kind !== a.kind) return 0;
    const similarity = diceSimilarity(oldBags[i], newBags[j]);
    if (similarity >= CHANGED_SIMILARITY) return similarity;
    // Words only cut from a block (or only added to it) leave it the same block, however many:
    // otherwise what remains would read as new text, credited to whoever did the cutting.
    if (oneHoldsTheOther(oldBags[i], newBags[j])) return CHANGED_SIMILARITY;
    // A cell rewritten in place is still that cell of the table: pair cells of one column however
    // different their words, but after any pairing that shares words.
    if (r.cell && a.cell && r.kind === "tableCell") return r.cell.column === a.cell.column ? SAME_COLUMN_SCORE : 0;
    // An empty block written in (a new page's first paragraph) is that block, if nothing pairs better.
    return r.text.trim() === "" || a.text.trim() === "" ? EMPTY_BLOCK_SCORE : 0;
  };

  const rows = removed.length;
  const cols = added.length;
  if (rows * cols > MAX_PAIRING_CELLS) {
    const pairs: [number, number][] = [];
    let j0 = 0;
    for (let i = 0; i < rows && j0 < cols; i++) {
      for (let j = j0; j < Math.min(cols, j0 + GREEDY_WINDOW); j++) {
        if (score(i, j) > 0) {
          pairs.push([i, j]);
          j0 = j + 1;
          break;
        }
      }
    }
    return pairs;
  }

  // best[i][j]: best total over removed[i..] and added[j..]; filled backwards for a forward walk.
  const width = cols + 1;
  const best = new Float64Array((rows + 1) * width);
  const take = new Float64Array(rows * cols);
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) {
      const s = score(i, j);
      take[i * cols + j] = s;
      const skip = Math.max(best[(i + 1) * width + j], best[i * width + j + 1]);
      best[i * width + j] = s > 0 ? Math.max(skip, s + best[(i + 1) * width + j + 1]) : skip;
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < rows && j < cols) {
    const s = take[i * cols + j];
    if (s > 0 && best[i * width + j] === s + best[(i + 1) * width + j + 1]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (best[i * width + j] === best[(i + 1) * width + j]) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

/** Words regardless of case and of the punctuation around them ("owner." is "owner"). */
function wordBag(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word) bag.set(word, (bag.get(word) ?? 0) + 1);
  }
  return bag;
}

/** True when every word of the smaller bag (at least two) is in the larger one. */
function oneHoldsTheOther(a: Map<string, number>, b: Map<string, number>): boolean {
  const size = (bag: Map<string, number>) => [...bag.values()].reduce((sum, n) => sum + n, 0);
  const [small, large] = size(a) <= size(b) ? [a, b] : [b, a];
  if (size(small) < 2) return false;
  for (const [word, n] of small) if ((large.get(word) ?? 0) < n) return false;
  return true;
}

/** Dice coefficient over word multisets: 1 for the same words, 0 for none in common. */
function diceSimilarity(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let common = 0;
  for (const n of a.values()) sizeA += n;
  for (const [word, n] of b) {
    sizeB += n;
    common += Math.min(n, a.get(word) ?? 0);
  }
  return sizeA + sizeB === 0 ? 1 : (2 * common) / (sizeA + sizeB);
}

/**
 * Word diff of two texts, tidied for reading: a short kept stretch between two replacements that
 * are each at least as long is folded into them (so "cat a dog" → "bird a fish" reads as one
 * replacement, not two around a stray "a"), and each edit shows its deletion before its insertion.
 * Beyond MAX_WORD_EDITS the texts count as replaced wholesale.
 */
export function diffBlockWords(before: string, after: string): WordChange[] {
  const changes = diffWordsWithSpace(before, after, { maxEditLength: MAX_WORD_EDITS });
  if (!changes) {
    return mergeEdits([
      { type: "delete", text: before },
      { type: "insert", text: after },
    ]);
  }
  let parts = mergeEdits(changes.map((c) => ({ type: c.added ? "insert" : c.removed ? "delete" : "equal", text: c.value })));
  for (let folded = true; folded;) {
    folded = false;
    for (let k = 1; k < parts.length - 1; k++) {
      const kept = parts[k].text;
      if (parts[k].type !== "equal") continue;
      const left = replacementSize(parts[k - 1], parts[k - 2]);
      const right = replacementSize(parts[k + 1], parts[k + 2]);
      if (left > 0 && right > 0 && (kept.trim() === "" || (kept.length <= left && kept.length <= right))) {
        parts.splice(k, 1, { type: "delete", text: kept }, { type: "insert", text: kept });
        parts = mergeEdits(parts);
        folded = true;
        break;
      }
    }
  }
  return parts;
}

/**
 * The longer side of a replacement (a deletion next to an insertion, as mergeEdits leaves them),
 * or 0 when the neighbouring edit only inserts or only deletes: folding kept words into a pure
 * insertion would mark them as deleted for nothing.
 */
function replacementSize(near: WordChange | undefined, far: WordChange | undefined): number {
  if (!near || !far || near.type === "equal" || far.type === "equal" || near.type === far.type) return 0;
  return Math.max(near.text.length, far.text.length);
}

/** Joins neighbouring edits into one deletion followed by one insertion, and neighbouring kept text. */
function mergeEdits(parts: WordChange[]): WordChange[] {
  const out: WordChange[] = [];
  let deleted = "";
  let inserted = "";
  const flush = () => {
    if (deleted) out.push({ type: "delete", text: deleted });
    if (inserted) out.push({ type: "insert", text: inserted });
    deleted = "";
    inserted = "";
  };
  for (const part of parts) {
    if (!part.text) continue;
    if (part.type === "delete") deleted += part.text;
    else if (part.type === "insert") inserted += part.text;
    else {
      flush();
      const last = out.at(-1);
      if (last?.type === "equal") last.text += part.text;
      else out.push({ ...part });
    }
  }
  flush();
  return out;
}

function summarize(blocks: BlockChange[]): DiffSummary {
  const byKind = Object.fromEntries(BLOCK_KINDS.map((kind) => [kind, { changed: 0, added: 0, removed: 0, moved: 0 }])) as Record<
    BlockKind,
    KindCounts
  >;
  const summary: DiffSummary = {
    changed: 0,
    added: 0,
    removed: 0,
    moved: 0,
    wordsAdded: 0,
    wordsRemoved: 0,
    citationsAdded: 0,
    citationsRemoved: 0,
    byKind,
  };
  for (const change of blocks) {
    if (change.type === "unchanged") continue;
    summary[change.type] += 1;
    byKind[change.kind][change.type] += 1;
    if (change.type === "added" && change.after) {
      summary.wordsAdded += countWords(wordsOnly(change.after));
      summary.citationsAdded += citationOffsets(change.after).length;
    }
    if (change.type === "removed" && change.before) {
      summary.wordsRemoved += countWords(wordsOnly(change.before));
      summary.citationsRemoved += citationOffsets(change.before).length;
    }
    if (change.type === "changed" && change.words && change.before && change.after) {
      const inserted = editedRanges(change.words, "insert");
      const deleted = editedRanges(change.words, "delete");
      summary.wordsAdded += countEditedWords(wordsOnly(change.after), inserted);
      summary.wordsRemoved += countEditedWords(wordsOnly(change.before), deleted);
      summary.citationsAdded += citationOffsets(change.after).filter((at) => inRanges(at, inserted)).length;
      summary.citationsRemoved += citationOffsets(change.before).filter((at) => inRanges(at, deleted)).length;
    }
  }
  return summary;
}

/** A block's text with its footnote marks blanked (same length), so words count apart from citations. */
function wordsOnly(block: DocBlock): string {
  const offsets = citationOffsets(block);
  if (offsets.length === 0) return block.text;
  let text = block.text;
  for (const at of offsets) text = `${text.slice(0, at)} ${text.slice(at + 1)}`;
  return text;
}

function inRanges(offset: number, ranges: [number, number][]): boolean {
  return ranges.some(([start, end]) => offset >= start && offset < end);
}

/** Character ranges of one side's text that the word diff marks as inserted (or deleted). */
function editedRanges(words: WordChange[], edit: "insert" | "delete"): [number, number][] {
  const ranges: [number, number][] = [];
  let offset = 0;
  for (const word of words) {
    if (word.type === edit) ranges.push([offset, offset + word.text.length]);
    if (word.type === edit || word.type === "equal") offset += word.text.length;
  }
  return ranges;
}

/**
 * Whitespace-separated words of `text` touched by an edit: "order." → "order," counts one word
 * each way, and an inserted ", at its cost" after "order" counts "order," plus three.
 */
function countEditedWords(text: string, ranges: [number, number][]): number {
  let count = 0;
  let r = 0;
  for (const match of text.matchAll(/\S+/g)) {
    const start = match.index;
    const end = start + match[0].length;
    while (r < ranges.length && ranges[r][1] <= start) r++;
    if (r < ranges.length && ranges[r][0] < end && ranges[r][1] > start) count++;
  }
  return count;
}

/**
 * "3 paragraphs changed, 1 added, 1 heading removed; +142 −37 words, +1 citation": per kind, the
 * first count names the kind; word and citation counts show only their non-zero sides ("+1 word",
 * "−2 words", "+1 −1 words").
 */
export function formatSummary(summary: DiffSummary): string {
  const kindParts: string[] = [];
  for (const kind of BLOCK_KINDS) {
    const counts = summary.byKind[kind];
    const actions = ACTIONS.filter((action) => counts[action] > 0);
    actions.forEach((action, i) => {
      const n = counts[action];
      const noun = i === 0 ? ` ${BLOCK_KIND_NOUNS[kind][n === 1 ? 0 : 1]}` : "";
      kindParts.push(`${n}${noun} ${action}`);
    });
  }
  const tallies = [
    formatTally(summary.wordsAdded, summary.wordsRemoved, ["word", "words"]),
    formatTally(summary.citationsAdded, summary.citationsRemoved, ["citation", "citations"]),
  ].filter(Boolean);
  const counts = tallies.join(", ");

  if (kindParts.length === 0 && !counts) return "No changes";
  if (kindParts.length === 0) return counts;
  return counts ? `${kindParts.join(", ")}; ${counts}` : kindParts.join(", ");
}

/** "+3 −1 words", "+1 citation", or "" when nothing was added or removed. */
function formatTally(added: number, removed: number, [singular, plural]: readonly [string, string]): string {
  const sides: string[] = [];
  if (added > 0) sides.push(`+${added}`);
  if (removed > 0) sides.push(`\u2212${removed}`);
  if (sides.length === 0) return "";
  return `${sides.join(" ")} ${added + removed === 1 ? singular : plural}`;
}
