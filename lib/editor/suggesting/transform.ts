import { Fragment, type Mark, type Node as PMNode, Slice } from "@tiptap/pm/model";
import { type EditorState, Selection, TextSelection, type Transaction } from "@tiptap/pm/state";
import {
  AddMarkStep,
  AddNodeMarkStep,
  Mapping,
  RemoveMarkStep,
  RemoveNodeMarkStep,
  ReplaceStep,
  type Step,
  type StepMap,
} from "@tiptap/pm/transform";
import { ySyncPluginKey, yUndoPluginKey } from "@tiptap/y-tiptap";
import { BLOCK_ID_ATTRIBUTE, BLOCK_ID_TYPES } from "../block-ids";
import {
  BLOCK_SUGGESTION_ATTRIBUTE,
  newSuggestionId,
  SUGGESTION_DELETE,
  SUGGESTION_INSERT,
  type SuggestionAttrs,
} from "../suggestion-marks";

/**
 * Suggesting mode (issue 19): a user's editing transaction turned into the transaction that
 * *proposes* the same change. Pure ProseMirror, no editor or DOM, so it runs in unit tests.
 *
 * The one rule everything here serves (the collab server's reviewer guard checks exactly this):
 * with every suggestion of the author rejected, the document reads the same before and after the
 * transaction. So the author's own pending suggestions may be changed or removed freely, while
 * accepted text and other people's suggestions only ever gain the author's marks:
 * - inserted content is kept and marked `suggestionInsert` (new blocks get the block attribute
 *   `suggestion` of kind `insert`, or `split` when they carry on text that was already there);
 * - deleted text stays, struck through with `suggestionDelete`; a whole block deleted gets the
 *   kind `delete`, a block boundary deleted (Backspace at the start) the kind `join`;
 * - deleting the author's own suggested text or blocks really removes them.
 *
 * Everything else is refused (the transaction is dropped, with a reason for the UI): formatting
 * (adding or removing bold, links…), changing a block's type (heading level, lists, quotes),
 * table structure, and edits inside code blocks (their schema allows no marks, so a suggestion
 * cannot be shown there).
 */

export type SuggestingContext = {
  /** The suggester: the signed-in user's id. */
  authorId: string;
  /** ISO time stamped on new suggestions. */
  now: string;
};

export type RefusalReason = "formatting" | "structure" | "code-block" | "foreign-suggestion" | "unsupported";

export type SuggestingResult =
  /** Not an edit by this user (remote, undo, selection only): apply as it is. */
  | { kind: "pass" }
  /** Apply this transaction instead of the user's. */
  | { kind: "suggest"; transaction: Transaction }
  /** Drop the user's transaction: it cannot be expressed as a suggestion. */
  | { kind: "refuse"; reason: RefusalReason };

/** What the toolbar can tell the user when an edit was not applied. */
export const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  formatting: "Formatting cannot be changed while Suggesting. Switch to Editing, or suggest it in a comment.",
  structure:
    "Headings, lists, quotes and table structure cannot be changed while Suggesting. Switch to Editing, or suggest it in a comment.",
  "code-block": "Code blocks cannot be edited while Suggesting.",
  "foreign-suggestion": "This block already carries another person's suggestion; decide that one first.",
  unsupported: "This edit cannot be made as a suggestion.",
};

class Refusal extends Error {
  constructor(readonly reason: RefusalReason) {
    super(reason);
  }
}

type BlockSuggestionKind = "insert" | "delete" | "split" | "join";
type BlockSuggestionValue = SuggestionAttrs & { kind: BlockSuggestionKind };

const SUGGESTION_MARKS = [SUGGESTION_INSERT, SUGGESTION_DELETE];
/** Adding or removing these is changing a table's structure. */
const TABLE_PARTS = ["tableRow", "tableCell", "tableHeader"];

/** Turns the user's `transaction` (made on `state`) into its suggesting equivalent. */
export function suggestTransaction(state: EditorState, transaction: Transaction, context: SuggestingContext): SuggestingResult {
  if (!transaction.docChanged || isRemoteOrUndo(transaction)) return { kind: "pass" };
  if (transaction.getMeta("addToHistory") === false && sameIgnoringBlockIds(state.doc, transaction.doc)) {
    // UniqueID giving blocks without an id one when the editor opens: not an edit of the text.
    return { kind: "pass" };
  }
  try {
    return { kind: "suggest", transaction: rebuild(state, transaction, context) };
  } catch (error) {
    if (error instanceof Refusal) return { kind: "refuse", reason: error.reason };
    // A step that does not fit the document once deleted text is kept: refusing is safe, applying
    // half a suggestion is not.
    return { kind: "refuse", reason: "unsupported" };
  }
}

/** Changes that arrive from Yjs (other people's edits, and undo/redo, which Yjs replays). */
function isRemoteOrUndo(transaction: Transaction): boolean {
  const sync = transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return !!sync?.isChangeOrigin || transaction.getMeta(yUndoPluginKey) !== undefined;
}

function sameIgnoringBlockIds(a: PMNode, b: PMNode): boolean {
  if (a.childCount !== b.childCount || a.text !== b.text) return false;
  const attrs = BLOCK_ID_ATTRIBUTE in a.attrs ? { ...b.attrs, [BLOCK_ID_ATTRIBUTE]: a.attrs[BLOCK_ID_ATTRIBUTE] } : b.attrs;
  if (!a.hasMarkup(b.type, attrs, b.marks)) return false;
  for (let i = 0; i < a.childCount; i++) if (!sameIgnoringBlockIds(a.child(i), b.child(i))) return false;
  return true;
}

function rebuild(state: EditorState, original: Transaction, context: SuggestingContext): Transaction {
  const tr = state.tr;
  const suggestion = new SuggestionIdentity(context);
  // Maps positions in the user's document after step i to ours, which also keeps the deleted text.
  let toOurs = new Mapping();
  original.steps.forEach((step) => {
    if (!(step instanceof ReplaceStep)) throw new Refusal(refusalFor(step));
    // A pure insertion where an earlier step deleted text goes after that (struck) text.
    const from = step.from === step.to ? toOurs.map(step.from, 1) : toOurs.map(step.from, -1);
    const to = step.from === step.to ? from : Math.max(from, toOurs.map(step.to, 1));
    const stepsBefore = tr.steps.length;
    suggestReplace(tr, from, to, step.slice, suggestion);
    const ours = tr.mapping.maps.slice(stepsBefore);
    toOurs = new Mapping([step.getMap().invert(), ...toOurs.maps, ...ours] as StepMap[]);
  });
  placeSelection(state, original, tr, toOurs);
  copyMeta(original, tr);
  return tr;
}

function refusalFor(step: Step): RefusalReason {
  // instanceof, not the class name: production bundles rename classes.
  const marks = [AddMarkStep, RemoveMarkStep, AddNodeMarkStep, RemoveNodeMarkStep];
  return marks.some((type) => step instanceof type) ? "formatting" : "structure";
}

/**
 * One user action is one suggestion: every mark and block attribute it creates shares one id.
 * Continuing one's own pending suggestion (typing on after it, backspacing on through one's own
 * strike, IME composition replacing its own text) reuses that suggestion's id and time, so a
 * typed word or a retyped phrase stays one card.
 */
class SuggestionIdentity {
  private chosen: { id: string; createdAt: string } | null = null;
  constructor(readonly context: SuggestingContext) {}

  get authorId(): string {
    return this.context.authorId;
  }

  /** Offers a suggestion of this author to continue; the first offer made wins. */
  continueFrom(attrs: SuggestionAttrs | null): void {
    if (!this.chosen && attrs && attrs.authorId === this.authorId && attrs.id) {
      this.chosen = { id: attrs.id, createdAt: attrs.createdAt };
    }
  }

  attrs(): SuggestionAttrs {
    this.chosen ??= { id: newSuggestionId(), createdAt: this.context.now };
    return { ...this.chosen, authorId: this.authorId };
  }

  block(kind: BlockSuggestionKind): BlockSuggestionValue {
    return { kind, ...this.attrs() };
  }
}

// --- Reading suggestions off the document --------------------------------------------------------

function suggestionMark(node: PMNode, type: string, authorId?: string): Mark | undefined {
  return node.marks.find((mark) => mark.type.name === type && (authorId === undefined || mark.attrs.authorId === authorId));
}

function blockSuggestionOf(node: PMNode): BlockSuggestionValue | null {
  const value = node.attrs[BLOCK_SUGGESTION_ATTRIBUTE] as BlockSuggestionValue | null | undefined;
  return value && typeof value === "object" && typeof value.id === "string" ? value : null;
}

function carriesSuggestionAttribute(node: PMNode): boolean {
  return BLOCK_ID_TYPES.includes(node.type.name) && BLOCK_SUGGESTION_ATTRIBUTE in node.attrs;
}

/** Pasted or copied content brings no one's suggestions along: it is all the paster's new text. */
export function pastedWithoutSuggestions(slice: Slice): Slice {
  return new Slice(withoutSuggestions(slice.content), slice.openStart, slice.openEnd);
}

function withoutSuggestions(fragment: Fragment): Fragment {
  const nodes: PMNode[] = [];
  fragment.forEach((node) => {
    if (node.isText) {
      nodes.push(node.mark(node.marks.filter((mark) => !SUGGESTION_MARKS.includes(mark.type.name))));
      return;
    }
    const attrs = carriesSuggestionAttribute(node) ? { ...node.attrs, [BLOCK_SUGGESTION_ATTRIBUTE]: null } : node.attrs;
    const marks = node.marks.filter((mark) => !SUGGESTION_MARKS.includes(mark.type.name));
    nodes.push(node.type.create(attrs, withoutSuggestions(node.content), marks));
  });
  return Fragment.fromArray(nodes);
}

// --- One replacement ----------------------------------------------------------------------------

/**
 * Replaces [from, to) by `slice` as a suggestion, on `tr`'s current document: the new content
 * goes in at `to`, after the text it replaces, which stays (struck) in front of it.
 */
function suggestReplace(tr: Transaction, from: number, to: number, slice: Slice, suggestion: SuggestionIdentity): void {
  offerNeighbours(tr.doc, from, to, suggestion);
  if (slice.size > 0) insertSuggested(tr, to, pastedWithoutSuggestions(slice), suggestion);
  if (to > from) deleteSuggested(tr, from, to, suggestion);
}

/** The author's own suggestions the edit continues, most specific first. */
function offerNeighbours(doc: PMNode, from: number, to: number, suggestion: SuggestionIdentity): void {
  const { authorId } = suggestion;
  const ownInsertAttrs = (node: PMNode | null | undefined) =>
    (node && (suggestionMark(node, SUGGESTION_INSERT, authorId)?.attrs as SuggestionAttrs | undefined)) ?? null;
  const ownDeleteAttrs = (node: PMNode | null | undefined) =>
    (node && (suggestionMark(node, SUGGESTION_DELETE, authorId)?.attrs as SuggestionAttrs | undefined)) ?? null;
  // Replacing one's own suggested text (IME composition does this on every keystroke).
  doc.nodesBetween(from, to, (node) => {
    suggestion.continueFrom(ownInsertAttrs(node));
    return true;
  });
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  suggestion.continueFrom(ownInsertAttrs($to.nodeBefore));
  suggestion.continueFrom(ownInsertAttrs($from.nodeBefore));
  suggestion.continueFrom(ownInsertAttrs($to.nodeAfter));
  suggestion.continueFrom(ownDeleteAttrs($from.nodeBefore));
  suggestion.continueFrom(ownDeleteAttrs($to.nodeAfter));
  doc.nodesBetween(from, to, (node) => {
    suggestion.continueFrom(ownDeleteAttrs(node));
    return true;
  });
  // Writing into a paragraph one has just proposed (Enter, then typing) adds to that proposal.
  const block = $to.parent.isTextblock ? blockSuggestionOf($to.parent) : null;
  if (block && (block.kind === "insert" || block.kind === "split")) suggestion.continueFrom(block);
}

/** Inserts `slice` at `pos`, marking its text and giving the blocks it creates their kind. */
function insertSuggested(tr: Transaction, pos: number, slice: Slice, suggestion: SuggestionIdentity): void {
  const stepsBefore = tr.steps.length;
  const before = tr.doc;
  tr.replace(pos, pos, slice);
  if (tr.steps.length === stepsBefore) return;
  let start = Infinity;
  let end = -Infinity;
  for (const map of tr.mapping.maps.slice(stepsBefore)) {
    map.forEach((oldStart, oldEnd, newStart, newEnd) => {
      // Fitting the slice may close and reopen blocks around `pos`, never rewrite text there.
      if (hasInlineLeaf(before, oldStart, oldEnd)) throw new Refusal("unsupported");
      start = Math.min(start, newStart);
      end = Math.max(end, newEnd);
    });
  }
  if (!(end > start)) return;
  const insertMark = tr.doc.type.schema.marks[SUGGESTION_INSERT].create(suggestion.attrs());
  tr.addMark(start, end, insertMark);
  tr.doc.nodesBetween(start, end, (node) => {
    if (node.isInline && !suggestionMark(node, SUGGESTION_INSERT, suggestion.authorId)) {
      // The schema allows no marks here (code blocks): the text would go in as accepted text.
      throw new Refusal("code-block");
    }
    return true;
  });
  markNewBlocks(tr, before, pos, start, end, suggestion);
}

/**
 * Blocks that begin inside the inserted range are new: `insert` when they also end inside it,
 * `split` when they carry on content that was already there (Enter in mid-paragraph, a
 * multi-paragraph paste). Enter at the very start of a block is the exception: the new, empty
 * block is the one in front (so the text keeps its block and block id), marked `insert`.
 */
function markNewBlocks(
  tr: Transaction,
  before: PMNode,
  insertedAt: number,
  start: number,
  end: number,
  suggestion: SuggestionIdentity,
): void {
  const attributeSets: { pos: number; value: BlockSuggestionValue | null }[] = [];
  const restores: { pos: number; node: PMNode }[] = [];
  tr.doc.nodesBetween(start, end, (node, pos, parent, index) => {
    if (node.isInline) return false;
    if (pos < start) return true; // an ancestor of the insertion point
    const closesInside = pos + node.nodeSize <= end;
    if (TABLE_PARTS.includes(node.type.name)) throw new Refusal("structure");
    if (BLOCK_ID_TYPES.includes(node.type.name)) {
      if (closesInside) {
        attributeSets.push({ pos, value: suggestion.block("insert") });
        return false;
      }
      const previous = parent && index > 0 ? parent.child(index - 1) : null;
      const previousPos = previous ? pos - previous.nodeSize : -1;
      const pureBreak = tr.doc.textBetween(start, end, "", "\u0001") === "" && !hasInlineLeaf(tr.doc, start, end);
      const splitAtStart = previous && previousPos < insertedAt && insertedAt < previousPos + previous.nodeSize;
      // The blocks the insertion point was in, from this block's depth down: the ones split.
      const $original = before.resolve(insertedAt);
      const depth = tr.doc.resolve(pos).depth + 1;
      const originals = (k: number) => ($original.depth >= depth + k ? $original.node(depth + k) : null);
      const newChain = firstChildChain(node, pos, end);
      if (previous && splitAtStart && pureBreak && isEmptyShell(previous)) {
        // Only when the text's block came through whole (not a list item split at an inner paragraph).
        if (originals(0)?.content.size !== node.content.size) throw new Refusal("unsupported");
        // Enter at the start: the text stays in its blocks (with their suggestions and ids); the
        // empty block in front is the new one.
        lastChildChain(previous, previousPos).forEach((front, k) => {
          if (carriesSuggestionAttribute(front.node))
            attributeSets.push({ pos: front.pos, value: k === 0 ? suggestion.block("insert") : null });
        });
        newChain.forEach((part, k) => {
          const original = originals(k);
          if (!original) return;
          // (ProseMirror may have given the text's half another type: Enter at a heading's start.)
          if (!original.type.validContent(part.node.content)) throw new Refusal("unsupported");
          restores.push({ pos: part.pos, node: original });
        });
      } else {
        // Splitting one's own new block makes a new block too (rejecting it removes both halves);
        // other blocks opened on the way down (a list item's paragraph) start with no suggestion.
        newChain.forEach((part, k) => {
          if (!carriesSuggestionAttribute(part.node)) return;
          const original = originals(k);
          const front = original ? blockSuggestionOf(original) : null;
          // Someone else's new block cannot be split: rejecting theirs would leave this half behind.
          if (front?.kind === "insert" && front.authorId !== suggestion.authorId) throw new Refusal("foreign-suggestion");
          const ownNew = front?.kind === "insert" && front.authorId === suggestion.authorId;
          // One's own new paragraph inside an older list item: rejecting would merge the wrong text.
          if (ownNew && k > 0 && attributeSets.at(-1)?.value?.kind === "split") throw new Refusal("unsupported");
          attributeSets.push({ pos: part.pos, value: ownNew ? suggestion.block("insert") : k === 0 ? suggestion.block("split") : null });
        });
      }
      return false;
    }
    if (closesInside) return true; // a new list or table part: its blocks are marked one by one
    throw new Refusal("structure");
  });
  for (const { pos, node } of restores) tr.setNodeMarkup(pos, node.type, node.attrs, tr.doc.nodeAt(pos)?.marks);
  for (const { pos, value } of attributeSets) tr.setNodeAttribute(pos, BLOCK_SUGGESTION_ATTRIBUTE, value);
}

type Located = { node: PMNode; pos: number };

/** `node` and its first descendants that open before `end` (the blocks a split opened). */
function firstChildChain(node: PMNode, pos: number, end: number): Located[] {
  const chain: Located[] = [{ node, pos }];
  let current = node;
  let at = pos;
  while (!current.isTextblock && current.firstChild && !current.firstChild.isLeaf && at + 1 < end) {
    current = current.firstChild;
    at += 1;
    chain.push({ node: current, pos: at });
  }
  return chain;
}

/** `node` and its last descendants down to a textblock. */
function lastChildChain(node: PMNode, pos: number): Located[] {
  const chain: Located[] = [{ node, pos }];
  let current = node;
  let at = pos;
  while (!current.isTextblock && current.lastChild && !current.lastChild.isLeaf) {
    at = at + current.nodeSize - 1 - current.lastChild.nodeSize;
    current = current.lastChild;
    chain.push({ node: current, pos: at });
  }
  return chain;
}

function hasInlineLeaf(doc: PMNode, from: number, to: number): boolean {
  if (from >= to) return false;
  let found = false;
  doc.nodesBetween(from, to, (node) => {
    if (node.isInline) found = true;
    return !found;
  });
  return found;
}

/** A block with no inline content at all (an empty paragraph, a list item holding one). */
function isEmptyShell(node: PMNode): boolean {
  if (node.isLeaf) return false;
  let inline = false;
  node.descendants((child) => {
    if (child.isInline) inline = true;
    return !inline;
  });
  return !inline;
}

type Removal = { from: number; to: number };

/**
 * Proposes removing [from, to): the author's own suggested text and blocks go for real, other
 * text is struck, whole blocks get `delete` and a removed block boundary `join`.
 */
function deleteSuggested(tr: Transaction, from: number, to: number, suggestion: SuggestionIdentity): void {
  const doc = tr.doc;
  const { authorId } = suggestion;
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  const shared = $from.sharedDepth(to);
  if ($from.depth !== $to.depth && !(isBetweenBlocks($from) && isBetweenBlocks($to))) throw new Refusal("structure");

  const strikes: Removal[] = [];
  const removals: Removal[] = [];
  const attributeSets: { pos: number; value: BlockSuggestionValue | null }[] = [];
  /** Where the author's own new blocks that go for real end. */
  const removedBlockEnds = new Set<number>();
  /** Where the author's own split-off blocks that are joined back for real end. */
  const joinedBackEnds = new Set<number>();
  const frontChanged = (pos: number) => removedBlockEnds.has(pos) || joinedBackEnds.has(pos);

  doc.nodesBetween(from, to, (node, pos, parent, index) => {
    if (node.isInline) {
      const start = Math.max(pos, from);
      const end = Math.min(pos + node.nodeSize, to);
      if (suggestionMark(node, SUGGESTION_INSERT, authorId)) removals.push({ from: start, to: end });
      else if (!suggestionMark(node, SUGGESTION_DELETE, authorId)) strikes.push({ from: start, to: end });
      return false;
    }
    if (pos < from) return true; // an ancestor of the start
    const own = blockSuggestionOf(node);
    const mine = own?.authorId === authorId ? own : null;
    const coveredWhole = pos + node.nodeSize <= to;
    if (coveredWhole) {
      if (TABLE_PARTS.includes(node.type.name)) throw new Refusal("structure");
      if (!BLOCK_ID_TYPES.includes(node.type.name)) {
        if (node.isLeaf) throw new Refusal("structure"); // a horizontal rule: nowhere to mark it
        return true; // a list or table part: its blocks are marked one by one
      }
      if (own && !mine) return true; // someone else's block: strike its text instead
      if (mine?.kind === "insert") {
        removals.push({ from: pos, to: pos + node.nodeSize });
        removedBlockEnds.add(pos + node.nodeSize);
        return false;
      }
      if (mine?.kind === "split") {
        // Taking back one's own paragraph break: join it back for real, strike its text.
        if (!frontChanged(pos) && mayTakeBackBreak(doc, pos, node, authorId)) {
          removals.push(joinBoundary(doc, pos));
          joinedBackEnds.add(pos + node.nodeSize);
        }
        return true;
      }
      if (mine?.kind !== "delete") attributeSets.push({ pos, value: suggestion.block("delete") });
      return false;
    }
    // The block begins inside the range and ends after it: its boundary with the previous
    // sibling is what is being deleted (Backspace at its start, Delete at the end of the previous).
    if ($to.depth <= shared || parent !== $to.node(shared) || pos !== $to.before(shared + 1)) {
      return true; // an inner block of the joined one: the outer join says it all
    }
    const previous = index > 0 ? parent!.child(index - 1) : null;
    if (!previous || !joinable(previous, node) || !BLOCK_ID_TYPES.includes(node.type.name)) throw new Refusal("structure");
    if (own && !mine) throw new Refusal("foreign-suggestion");
    // When the block in front goes too (one's own new block) or is itself joined back, this
    // block keeps its own suggestion, which already says what rejecting it does.
    if (mine?.kind === "split" || mine?.kind === "insert") {
      if (frontChanged(pos)) return true;
      if (mine.kind === "insert" && !allOwnInsertions(node, authorId)) throw new Refusal("foreign-suggestion");
      if (!mayTakeBackBreak(doc, pos, node, authorId)) throw new Refusal("foreign-suggestion");
      removals.push(joinBoundary(doc, pos));
    } else if (mine?.kind === "delete") throw new Refusal("unsupported");
    else if (!mine) attributeSets.push({ pos, value: suggestion.block("join") });
    return true;
  });

  const strikeType = doc.type.schema.marks[SUGGESTION_DELETE];
  for (const range of strikes) {
    const mark = strikeType.create(suggestion.attrs());
    tr.addMark(range.from, range.to, mark);
    tr.doc.nodesBetween(range.from, range.to, (node) => {
      if (node.isInline && !node.marks.some((m) => m.eq(mark))) throw new Refusal("code-block");
      return true;
    });
  }
  for (const { pos, value } of attributeSets) tr.setNodeAttribute(pos, BLOCK_SUGGESTION_ATTRIBUTE, value);
  // Back to front, so the positions of the ones still to do stay valid.
  for (const range of [...removals].sort((a, b) => b.from - a.from || b.to - a.to)) tr.delete(range.from, range.to);
}

function isBetweenBlocks($pos: ReturnType<PMNode["resolve"]>): boolean {
  return !$pos.parent.inlineContent;
}

/** Whether `next` can be merged onto `previous` the way the server decides a join. */
function joinable(previous: PMNode, next: PMNode): boolean {
  if (previous.isTextblock && next.isTextblock) return !previous.type.spec.code && !next.type.spec.code;
  return previous.type === next.type && !previous.isLeaf;
}

/**
 * Whether one's own paragraph break before `node` may be removed for real, moving its content
 * into the block in front. Not when that block carries someone else's suggestion (deciding theirs
 * would then take this content along), nor into one's own new block when `node` holds other text
 * (rejecting the new block would take the text with it).
 */
function mayTakeBackBreak(doc: PMNode, pos: number, node: PMNode, authorId: string): boolean {
  const $pos = doc.resolve(pos);
  let before = $pos.nodeBefore;
  let after = $pos.nodeAfter;
  for (let level = 0; before && after && !before.isLeaf && !after.isLeaf; level++) {
    const front = blockSuggestionOf(before);
    if (front && (front.authorId !== authorId || front.kind === "delete")) return false;
    if (front?.kind === "insert" && !allOwnInsertions(node, authorId)) return false;
    // Inner blocks that merge (a list item's paragraphs) lose their own suggestion: allow none.
    if (level > 0 && blockSuggestionOf(after)) return false;
    if (before.isTextblock || after.isTextblock) break;
    before = before.lastChild;
    after = after.firstChild;
  }
  return true;
}

function allOwnInsertions(node: PMNode, authorId: string): boolean {
  let all = true;
  node.descendants((child) => {
    if (child.isInline && !suggestionMark(child, SUGGESTION_INSERT, authorId)) all = false;
    return all;
  });
  return all;
}

/**
 * The tokens between the end of the previous sibling's content and the start of this block's
 * (`</p><p>`, or `</p></li><li><p>` for list items): deleting them joins the two.
 */
function joinBoundary(doc: PMNode, pos: number): Removal {
  const $pos = doc.resolve(pos);
  let before = $pos.nodeBefore;
  let after = $pos.nodeAfter;
  let depth = 0;
  while (before && after && !before.isLeaf && !after.isLeaf) {
    depth += 1;
    if (before.isTextblock || after.isTextblock) break;
    before = before.lastChild;
    after = after.firstChild;
  }
  if (depth === 0) throw new Refusal("structure");
  return { from: pos - depth, to: pos + depth };
}

// --- Selection and metadata -----------------------------------------------------------------------

/**
 * Where the cursor goes. Usually where the user's own transaction put it; but a deletion keeps the
 * struck text, so Backspace must land before it and Delete after it, or the next key press would
 * strike the same characters again.
 */
function placeSelection(state: EditorState, original: Transaction, tr: Transaction, toOurs: Mapping): void {
  const onlyStep = original.steps.length === 1 ? original.steps[0] : null;
  const pureDeletion = onlyStep instanceof ReplaceStep && onlyStep.slice.size === 0;
  if (pureDeletion && state.selection.empty) {
    const forward = state.selection.head === onlyStep.from;
    const from = tr.mapping.map(onlyStep.from, -1);
    const to = tr.mapping.map(onlyStep.to, 1);
    setCursor(tr, forward ? to : from);
    return;
  }
  if (pureDeletion) {
    setCursor(tr, tr.mapping.map(onlyStep.from, -1));
    return;
  }
  try {
    tr.setSelection(original.selection.map(tr.doc, toOurs));
  } catch {
    setCursor(tr, tr.mapping.map(state.selection.head, 1));
  }
  if (original.storedMarksSet) tr.setStoredMarks(original.storedMarks);
}

function setCursor(tr: Transaction, pos: number): void {
  const $pos = tr.doc.resolve(Math.max(0, Math.min(pos, tr.doc.content.size)));
  tr.setSelection($pos.parent.inlineContent ? TextSelection.create(tr.doc, $pos.pos) : Selection.near($pos));
}

/**
 * Keeps what other plugins read off the user's transaction ("paste", "uiEvent", "composition",
 * addToHistory, scroll). Transaction has no public list of its meta; the field is stable.
 */
function copyMeta(original: Transaction, tr: Transaction): void {
  const meta = (original as unknown as { meta: Record<string, unknown> }).meta ?? {};
  for (const [key, value] of Object.entries(meta)) tr.setMeta(key, value);
  if (original.scrolledIntoView) tr.scrollIntoView();
}
