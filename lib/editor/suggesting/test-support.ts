import type { JSONContent } from "@tiptap/core";
import { Fragment, type Node as PMNode, Slice } from "@tiptap/pm/model";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { editorSchema } from "../document";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "../suggestion-marks";
import { suggestTransaction, type SuggestingResult } from "./transform";

/**
 * Test support for Suggesting mode: a second, independent reading of the decision rules (the
 * server's lives in lib/suggestions), documents written compactly, and the user's key presses as
 * the transactions ProseMirror makes for them.
 */

// --- The invariant ---------------------------------------------------------------------------------

/**
 * `json` with every suggestion by `authorId` rejected: the text as if they had never suggested.
 * `authorId` null rejects everyone's: the accepted text.
 */
export function rejectOwn(json: JSONContent, authorId: string | null): JSONContent {
  return rejectNode(json, authorId)[0] ?? { type: json.type };
}

type Fate = "keep" | "remove" | "merge";

function rejectNode(node: JSONContent, authorId: string | null): [JSONContent | null, Fate] {
  const by = (attrs: Record<string, unknown> | undefined) => !!attrs && (authorId === null || attrs.authorId === authorId);
  if (node.type === "text") {
    const marks = node.marks ?? [];
    if (marks.some((m) => m.type === SUGGESTION_INSERT && by(m.attrs))) return [null, "keep"];
    const kept = marks.filter((m) => !(m.type === SUGGESTION_DELETE && by(m.attrs)));
    const copy: JSONContent = { ...node, marks: kept };
    if (kept.length === 0) delete copy.marks;
    return [copy, "keep"];
  }
  let copy: JSONContent = { ...node };
  let fate: Fate = "keep";
  const suggestion = node.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE] as { kind: string; authorId: string } | null | undefined;
  if (suggestion && by(suggestion)) {
    fate = suggestion.kind === "insert" ? "remove" : suggestion.kind === "split" ? "merge" : "keep";
    copy = { ...copy, attrs: { ...copy.attrs, [BLOCK_SUGGESTION_ATTRIBUTE]: null } };
  }
  if (fate === "remove") return [null, fate];
  if (node.content) {
    const children: JSONContent[] = [];
    for (const child of node.content) {
      const [decided, childFate] = rejectNode(child, authorId);
      if (!decided) continue;
      const previous = children.at(-1);
      if (childFate === "merge" && previous && previous.type !== "text") children[children.length - 1] = merge(previous, decided);
      else children.push(decided);
    }
    copy.content = mergeText(children);
    if (copy.content.length === 0) {
      delete copy.content;
      const wasContainer = node.content.length > 0 && node.content.every((child) => child.type !== "text");
      if (wasContainer && node.type !== "doc" && !isTextblockType(node.type)) return [null, fate];
      if (node.type === "doc") copy.content = [{ type: "paragraph" }];
    }
  }
  return [copy, fate];
}

function isTextblockType(type: string | undefined): boolean {
  return !!type && !!editorSchema().nodes[type]?.isTextblock;
}

function merge(previous: JSONContent, next: JSONContent): JSONContent {
  const before = previous.content ?? [];
  const after = next.content ?? [];
  if (isTextblockType(previous.type) && isTextblockType(next.type)) return withContent(previous, mergeText([...before, ...after]));
  const last = before.at(-1);
  const first = after[0];
  if (last && first && last.type === first.type) {
    return withContent(previous, [...before.slice(0, -1), merge(last, first), ...after.slice(1)]);
  }
  return withContent(previous, [...before, ...after]);
}

function withContent(node: JSONContent, content: JSONContent[]): JSONContent {
  const copy: JSONContent = { ...node, content };
  if (content.length === 0) delete copy.content;
  return copy;
}

function mergeText(nodes: JSONContent[]): JSONContent[] {
  const out: JSONContent[] = [];
  for (const node of nodes) {
    const previous = out.at(-1);
    if (node.type === "text" && previous?.type === "text" && sortedKey(previous.marks) === sortedKey(node.marks)) {
      out[out.length - 1] = { ...previous, text: (previous.text ?? "") + (node.text ?? "") };
    } else out.push(node);
  }
  return out;
}

function sortedKey(marks: JSONContent["marks"]): string {
  return (marks ?? [])
    .map((m) => JSON.stringify([m.type, Object.entries(m.attrs ?? {}).sort()]))
    .sort()
    .join("|");
}

/** JSON for comparison: object keys sorted, marks in a fixed order. */
export function canonical(json: JSONContent): string {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
      const object = Object.fromEntries(entries.map(([k, v]) => [k, visit(v)]));
      if (Array.isArray(object.marks))
        object.marks = [...(object.marks as unknown[])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      return object;
    }
    return value;
  };
  return JSON.stringify(visit(json));
}

// --- Documents -------------------------------------------------------------------------------------

export const NOW = "2026-12-04T08:00:00.000Z";

type Inline = string | JSONContent;

export const ins = (text: string, authorId: string, id = `i-${authorId}`): JSONContent => ({
  type: "text",
  text,
  marks: [{ type: SUGGESTION_INSERT, attrs: { id, authorId, createdAt: NOW } }],
});

export const del = (text: string, authorId: string, id = `d-${authorId}`): JSONContent => ({
  type: "text",
  text,
  marks: [{ type: SUGGESTION_DELETE, attrs: { id, authorId, createdAt: NOW } }],
});

export function p(...content: Inline[]): JSONContent {
  const inline = content.map((c) => (typeof c === "string" ? { type: "text", text: c } : c)).filter((c) => c.text !== "");
  return { type: "paragraph", ...(inline.length ? { content: inline } : {}) };
}

export function withBlockSuggestion(block: JSONContent, kind: string, authorId: string, id = `b-${authorId}`): JSONContent {
  return { ...block, attrs: { ...block.attrs, suggestion: { kind, id, authorId, createdAt: NOW } } };
}

/** A document of the given blocks; blocks get ids b0, b1… unless they have one. */
export function docJSON(...blocks: JSONContent[]): JSONContent {
  return { type: "doc", content: blocks.map((b, i) => ({ ...b, attrs: { id: `block${i}0000`.slice(0, 10), ...b.attrs } })) };
}

/** A state on `json` with the cursor at `|` (or the selection between two `|`) in the text. */
export function stateAt(json: JSONContent): EditorState {
  const doc = editorSchema().nodeFromJSON(stripBars(json));
  const bars = barPositions(editorSchema().nodeFromJSON(json));
  const selection = bars.length >= 2 ? TextSelection.create(doc, bars[0], bars[1]) : TextSelection.create(doc, bars[0] ?? 1);
  return EditorState.create({ doc, selection });
}

function stripBars(json: JSONContent): JSONContent {
  const copy: JSONContent = { ...json };
  if (typeof json.text === "string") copy.text = json.text.replaceAll("|", "");
  if (json.content) copy.content = json.content.map(stripBars).filter((c) => c.type !== "text" || c.text !== "");
  if (copy.content?.length === 0) delete copy.content;
  return copy;
}

function barPositions(doc: PMNode): number[] {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    [...node.text!].forEach((ch, i) => {
      if (ch === "|") positions.push(pos + i - positions.length);
    });
    return false;
  });
  return positions;
}

// --- Key presses, as ProseMirror's commands and DOM input produce them -----------------------------------

export type Action = (state: EditorState) => Transaction | null;

export const type =
  (text: string): Action =>
  (state) =>
    state.tr.insertText(text);

/** IME: the composed text at [from, cursor) replaced by the next candidate. */
export const compose =
  (text: string, composedLength: number): Action =>
  (state) =>
    state.tr.insertText(text, state.selection.from - composedLength, state.selection.from);

export const backspace: Action = (state) => {
  const { $from, empty, from, to } = state.selection;
  if (!empty) return state.tr.deleteRange(from, to);
  if ($from.parentOffset === 0) return joinAt(state, $from.before());
  return state.tr.delete(from - 1, from);
};

export const forwardDelete: Action = (state) => {
  const { $from, empty, from, to } = state.selection;
  if (!empty) return state.tr.deleteRange(from, to);
  if ($from.parentOffset === $from.parent.content.size) return joinAt(state, $from.after());
  return state.tr.delete(from, from + 1);
};

/** Backspace at the start of a block / Delete at the end of the previous: the boundary goes. */
function joinAt(state: EditorState, boundary: number): Transaction | null {
  const $pos = state.doc.resolve(boundary);
  if (!$pos.nodeBefore || !$pos.nodeAfter) return null;
  return state.tr.delete(boundary - 1, boundary + 1);
}

/** Ctrl+Backspace: the word before the cursor (and the spaces after it). */
export const wordBackspace: Action = (state) => {
  const { $from, from } = state.selection;
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, "\ufffc");
  const match = /\S*\s*$/.exec(before)!;
  return state.tr.delete(from - match[0].length, from);
};

export const enter: Action = (state) => {
  const { $from, from, to } = state.selection;
  const tr = state.tr;
  if (from !== to) tr.delete(from, to);
  // splitBlock copies the block's attributes to the new half, as Tiptap's keepOnSplit does.
  return tr.split(tr.mapping.map($from.pos), 1, [{ type: $from.parent.type, attrs: $from.parent.attrs }]);
};

/** Paste of blocks, open at both ends as the clipboard gives them (`open` 0 for whole blocks). */
export const paste =
  (blocks: JSONContent[], open = 1): Action =>
  (state) => {
    const fragment = Fragment.fromArray(blocks.map((b) => editorSchema().nodeFromJSON(b)));
    return state.tr.replaceSelection(new Slice(fragment, open, open));
  };

export const bold: Action = (state) => state.tr.addMark(state.selection.from, state.selection.to, editorSchema().marks.bold.create());

export const makeHeading: Action = (state) =>
  state.tr.setBlockType(state.selection.from, state.selection.to, editorSchema().nodes.heading, { level: 2 });

/** Deletes the whole top-level blocks number `first`..`last`. */
export const deleteBlocks =
  (first: number, last: number): Action =>
  (state) => {
    let start = 0;
    for (let i = 0; i < first; i++) start += state.doc.child(i).nodeSize;
    let end = start;
    for (let i = first; i <= last; i++) end += state.doc.child(i).nodeSize;
    return state.tr.delete(start, end);
  };

/** Runs `action` in Suggesting mode for `authorId`; returns the result and the state after it. */
export function suggest(state: EditorState, action: Action, authorId: string): { result: SuggestingResult; after: EditorState } {
  const tr = action(state);
  if (!tr) return { result: { kind: "pass" }, after: state };
  const result = suggestTransaction(state, tr, { authorId, now: NOW });
  if (result.kind === "suggest") return { result, after: state.apply(result.transaction) };
  if (result.kind === "pass") return { result, after: state.apply(tr) };
  return { result, after: state };
}

/**
 * The document as one line, for tables of expectations: blocks separated by " ¶ ", inserted text
 * as [+text author/n], struck text as [-text author/n], a block's suggestion as <kind author/n>,
 * where n numbers the suggestion ids in order of appearance (the ids themselves are random).
 */
export function render(doc: PMNode): string {
  const numbers = new Map<string, number>();
  const number = (id: string) => {
    if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
    return numbers.get(id);
  };
  const block = (node: PMNode): string => {
    const suggestion = node.attrs[BLOCK_SUGGESTION_ATTRIBUTE] as { kind: string; authorId: string; id: string } | null | undefined;
    const prefix = suggestion ? `<${suggestion.kind} ${suggestion.authorId}/${number(suggestion.id)}>` : "";
    if (node.isTextblock) {
      let text = "";
      node.forEach((child) => {
        const marks = child.marks
          .filter((m) => m.type.name === SUGGESTION_INSERT || m.type.name === SUGGESTION_DELETE)
          .map((m) => `${m.type.name === SUGGESTION_INSERT ? "+" : "-"}${m.attrs.authorId}/${number(m.attrs.id)}`);
        const body = child.isText ? child.text! : `(${child.type.name})`;
        text += marks.length ? `[${body} ${marks.join(" ")}]` : body;
      });
      return prefix + text;
    }
    const inner: string[] = [];
    node.forEach((child) => inner.push(block(child)));
    return prefix + (node.type.name === "doc" ? inner.join(" ¶ ") : `${node.type.name}(${inner.join(" ¶ ")})`);
  };
  return block(doc);
}

/** Runs `actions` one after the other; each must keep the invariant. Returns the final state. */
export function run(state: EditorState, actions: Action[], authorId: string): { state: EditorState; results: SuggestingResult[] } {
  const results: SuggestingResult[] = [];
  for (const action of actions) {
    const { result, after } = suggest(state, action, authorId);
    assertInvariant(state, after, authorId);
    results.push(result);
    state = after;
  }
  return { state, results };
}

/** THE rule: with the author's suggestions rejected (`null`: everyone's), nothing changed. */
export function assertInvariant(before: EditorState, after: EditorState, authorId: string | null): void {
  const a = canonical(rejectOwn(before.doc.toJSON() as JSONContent, authorId));
  const b = canonical(rejectOwn(after.doc.toJSON() as JSONContent, authorId));
  if (a !== b) throw new Error(`the edit changed more than ${authorId}'s suggestions:\n  before ${a}\n  after  ${b}`);
}
