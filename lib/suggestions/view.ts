import type { JSONContent } from "@tiptap/core";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT, type SuggestionAttrs } from "@/lib/editor/suggestion-marks";
import { clipText } from "@/lib/text/clip";

/**
 * Suggestions (tracked changes, issue 19) read and decided on ProseMirror JSON, without an editor:
 * the REST API lists and decides them, exports and history read the text without them, and the
 * collab server's reviewer guard compares documents "with one author's suggestions rejected".
 *
 * What a decision does to each part of a suggestion:
 * - inline `suggestionInsert`: accept drops the mark, reject removes the text;
 * - inline `suggestionDelete`: accept removes the text, reject drops the mark;
 * - block attribute `suggestion` of kind
 *   `insert` (accept clears it, reject removes the block), `delete` (accept removes the block,
 *   reject clears it), `split` (the block was split off its previous sibling: accept clears it,
 *   reject appends the block's content to the previous sibling and removes it), `join` (the block
 *   is proposed to be joined onto its previous sibling: accept does so, reject clears it).
 */

/** The block attribute as the document may hold it (helper editors may write any of these kinds). */
export type BlockSuggestionKind = "insert" | "delete" | "split" | "join";
type AnyBlockSuggestion = SuggestionAttrs & { kind: BlockSuggestionKind };

/**
 * A listed suggestion's kind, from all the parts that share its id:
 * - `insert` / `delete`: inline text only;
 * - `replace`: something inserted and something deleted (text or blocks) under one id;
 * - `insert-block` / `delete-block`: whole blocks (with or without their text marked too);
 * - `split` / `join`: a paragraph break proposed or proposed away, nothing else.
 */
export type SuggestionKind = "insert" | "delete" | "replace" | "insert-block" | "delete-block" | "split" | "join";

export type SuggestionSummary = {
  id: string;
  kind: SuggestionKind;
  authorId: string;
  createdAt: string;
  /** For people: "Replace 'binding' with 'emerging'". */
  text: string;
  /** The text the suggestion adds and the text it removes ("" when none). */
  inserted: string;
  deleted: string;
  /** 0, 1, 2…: where the suggestion first appears in the document. */
  position: number;
};

/**
 * Which suggestions a decision applies to. Both parts must match; an absent part matches all.
 * A part of a suggestion is matched on its own id and author, so a mark someone else put under an
 * existing id is never decided with the suggestion it imitates.
 */
export type SuggestionFilter = {
  ids?: readonly string[];
  authorId?: string;
  /** Each decided suggestion's id and its author: a part matches only under its own id's author. */
  authorOf?: ReadonlyMap<string, string>;
};

type Decision = "accept" | "reject";

const SNIPPET_CHARS = 60;

function isSuggestionMark(type: string | undefined): boolean {
  return type === SUGGESTION_INSERT || type === SUGGESTION_DELETE;
}

function blockSuggestion(node: JSONContent): AnyBlockSuggestion | null {
  const value = node.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE] as AnyBlockSuggestion | null | undefined;
  if (!value || typeof value !== "object" || typeof value.id !== "string") return null;
  return value;
}

function matches(filter: SuggestionFilter, attrs: { id?: unknown; authorId?: unknown } | undefined): boolean {
  if (!attrs) return false;
  if (filter.ids && !filter.ids.includes(attrs.id as string)) return false;
  if (filter.authorId !== undefined && attrs.authorId !== filter.authorId) return false;
  if (filter.authorOf && filter.authorOf.get(attrs.id as string) !== attrs.authorId) return false;
  return true;
}

/**
 * `json` with the listed suggestions decided, each on its own author's parts, all in one pass (as
 * asIfAllAccepted does). Not author by author: a block joined onto a block someone else proposed
 * to delete would then be merged into that block first and go with it, the text it carries too
 * (found by the convergence fuzz, seed 79338), while decided together the deleted block goes and
 * the joined one merges into the block before it.
 */
export function decideListed(
  json: JSONContent,
  decision: Decision,
  suggestions: readonly Pick<SuggestionSummary, "id" | "authorId">[],
): JSONContent {
  const authorOf = new Map(suggestions.map((s) => [s.id, s.authorId]));
  return decide(json, { ids: [...authorOf.keys()], authorOf }, decision);
}

// --- Deciding ----------------------------------------------------------------------------------

/** `json` with the matching suggestions accepted: their proposals become the text. */
export function acceptSuggestions(json: JSONContent, filter: SuggestionFilter): JSONContent {
  return decide(json, filter, "accept");
}

/** `json` with the matching suggestions rejected: the text as if they had never been made. */
export function rejectSuggestions(json: JSONContent, filter: SuggestionFilter): JSONContent {
  return decide(json, filter, "reject");
}

/** The accepted text: every pending suggestion rejected (history, search, exports read this). */
export function withoutPendingSuggestions(json: JSONContent): JSONContent {
  return decide(json, {}, "reject");
}

/** The page as it would read if every pending suggestion were accepted. */
export function asIfAllAccepted(json: JSONContent): JSONContent {
  return decide(json, {}, "accept");
}

function decide(json: JSONContent, filter: SuggestionFilter, decision: Decision): JSONContent {
  const [result] = decideNode(json, filter, decision);
  return result ?? { type: json.type ?? "doc" };
}

/** What becomes of a block among its siblings. */
type BlockFate = "keep" | "remove" | "merge-into-previous";

function blockFate(suggestion: AnyBlockSuggestion, decision: Decision): { fate: BlockFate; clear: boolean } {
  switch (suggestion.kind) {
    case "insert":
      return decision === "accept" ? { fate: "keep", clear: true } : { fate: "remove", clear: true };
    case "delete":
      return decision === "accept" ? { fate: "remove", clear: true } : { fate: "keep", clear: true };
    case "split":
      return decision === "accept" ? { fate: "keep", clear: true } : { fate: "merge-into-previous", clear: true };
    case "join":
      return decision === "accept" ? { fate: "merge-into-previous", clear: true } : { fate: "keep", clear: true };
    default:
      return { fate: "keep", clear: false };
  }
}

/** The node after the decision, or nothing when its text went away. Returns [node?, fate]. */
function decideNode(node: JSONContent, filter: SuggestionFilter, decision: Decision): [JSONContent | null, BlockFate] {
  if (node.type === "text") return [decideText(node, filter, decision), "keep"];
  let copy: JSONContent = node;
  let fate: BlockFate = "keep";
  const suggestion = blockSuggestion(node);
  if (suggestion && matches(filter, suggestion)) {
    const outcome = blockFate(suggestion, decision);
    fate = outcome.fate;
    if (outcome.clear) copy = { ...copy, attrs: { ...copy.attrs, [BLOCK_SUGGESTION_ATTRIBUTE]: null } };
  }
  if (fate === "remove") return [null, fate];
  if (node.content) {
    const children: JSONContent[] = [];
    for (const child of node.content) {
      const [decided, childFate] = decideNode(child, filter, decision);
      if (!decided) continue;
      const previous = children.at(-1);
      if (childFate === "merge-into-previous" && previous && previous.type !== "text") {
        children[children.length - 1] = mergeBlocks(previous, decided);
      } else children.push(decided);
    }
    copy = { ...copy, content: mergeTextNodes(children) };
    if (copy.content!.length === 0) {
      delete copy.content;
      // A list, quote or table whose every block went away goes too (it may not be empty);
      // an emptied page keeps one empty paragraph, as a new page has.
      const wasContainer = node.content.length > 0 && !node.content.some(isInline);
      if (wasContainer && node.type === "doc") copy.content = [{ type: "paragraph" }];
      else if (wasContainer) return [null, fate];
    }
  }
  return [copy, fate];
}

/**
 * Joins `next` onto `previous`: its children are appended to the previous block's children, and
 * a trailing textblock and a leading one (two list items) merge their text, as Backspace would.
 */
function mergeBlocks(previous: JSONContent, next: JSONContent): JSONContent {
  const before = previous.content ?? [];
  const after = next.content ?? [];
  const bothInline = (before.length === 0 || before.every(isInline)) && (after.length === 0 || after.every(isInline));
  if (bothInline) return withContent(previous, mergeTextNodes([...before, ...after]));
  const last = before.at(-1);
  const first = after[0];
  if (last && first && last.type === first.type && isTextblock(last) && isTextblock(first)) {
    return withContent(previous, [...before.slice(0, -1), mergeBlocks(last, first), ...after.slice(1)]);
  }
  return withContent(previous, [...before, ...after]);
}

function withContent(node: JSONContent, content: JSONContent[]): JSONContent {
  const copy: JSONContent = { ...node, content };
  if (content.length === 0) delete copy.content;
  return copy;
}

function isInline(node: JSONContent): boolean {
  return node.type === "text" || node.type === "hardBreak" || node.type === "wikiLink" || node.type === "citation";
}

function isTextblock(node: JSONContent): boolean {
  return (node.content ?? []).every(isInline);
}

function decideText(node: JSONContent, filter: SuggestionFilter, decision: Decision): JSONContent | null {
  if (!node.marks?.some((mark) => isSuggestionMark(mark.type))) return node.text ? node : null;
  const kept = [];
  for (const mark of node.marks) {
    if (!isSuggestionMark(mark.type) || !matches(filter, mark.attrs as SuggestionAttrs)) {
      kept.push(mark);
      continue;
    }
    const removesText = (mark.type === SUGGESTION_INSERT) === (decision === "reject");
    if (removesText) return null;
  }
  if (!node.text) return null;
  const copy: JSONContent = { ...node, marks: kept };
  if (kept.length === 0) delete copy.marks;
  return copy;
}

/** Adjacent text nodes with the same marks become one (decisions leave such neighbours behind). */
export function mergeTextNodes(nodes: JSONContent[]): JSONContent[] {
  const merged: JSONContent[] = [];
  for (const node of nodes) {
    const previous = merged.at(-1);
    if (node.type === "text" && previous?.type === "text" && sameMarks(previous.marks, node.marks)) {
      merged[merged.length - 1] = { ...previous, text: (previous.text ?? "") + (node.text ?? "") };
    } else merged.push(node);
  }
  return merged;
}

function sameMarks(a: JSONContent["marks"], b: JSONContent["marks"]): boolean {
  const key = (marks: JSONContent["marks"]) =>
    (marks ?? [])
      .map((mark) => canonicalJSON(mark))
      .sort()
      .join("\u0000");
  return key(a) === key(b);
}

/**
 * JSON with object keys sorted, so equal documents give equal strings whatever the key order. A
 * null or missing entry read the same (an attribute set to null is one left at its default).
 */
export function canonicalJSON(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(",")}]`;
  // The reviewer guard writes a block this way at every keystroke: one string, built in one pass.
  const record = value as Record<string, unknown>;
  let out = "";
  for (const key of Object.keys(record).sort()) {
    const entry = record[key];
    if (entry === undefined || entry === null) continue;
    out += `${out ? "," : ""}${JSON.stringify(key)}:${canonicalJSON(entry)}`;
  }
  return `{${out}}`;
}

// --- Listing -----------------------------------------------------------------------------------

type Parts = {
  id: string;
  authorId: string;
  createdAt: string;
  position: number;
  inserted: string[];
  deleted: string[];
  deletedBlockText: string[];
  insertBlocks: number;
  deleteBlocks: number;
  splits: number;
  joins: number;
};

/** Every pending suggestion in `json`, in document order (by where each first appears). */
export function listSuggestions(json: JSONContent): SuggestionSummary[] {
  const byId = new Map<string, Parts>();
  const partsOf = (attrs: SuggestionAttrs): Parts => {
    let parts = byId.get(attrs.id);
    if (!parts) {
      parts = {
        id: attrs.id,
        authorId: String(attrs.authorId ?? ""),
        createdAt: String(attrs.createdAt ?? ""),
        position: byId.size,
        inserted: [],
        deleted: [],
        deletedBlockText: [],
        insertBlocks: 0,
        deleteBlocks: 0,
        splits: 0,
        joins: 0,
      };
      byId.set(attrs.id, parts);
    }
    return parts;
  };
  const visit = (node: JSONContent) => {
    const suggestion = blockSuggestion(node);
    if (suggestion) {
      const parts = partsOf(suggestion);
      if (suggestion.kind === "insert") parts.insertBlocks++;
      else if (suggestion.kind === "delete") {
        parts.deleteBlocks++;
        // A deleted block's text is what the suggestion removes, marked or not.
        const text = plainText(node);
        if (text) parts.deletedBlockText.push(text);
      } else if (suggestion.kind === "split") parts.splits++;
      else if (suggestion.kind === "join") parts.joins++;
    }
    if (node.type === "text") {
      for (const mark of node.marks ?? []) {
        if (!isSuggestionMark(mark.type) || typeof mark.attrs?.id !== "string") continue;
        const parts = partsOf(mark.attrs as SuggestionAttrs);
        const bucket = mark.type === SUGGESTION_INSERT ? parts.inserted : parts.deleted;
        // Consecutive text nodes of one suggestion (split by other marks) read as one run.
        bucket.push(node.text ?? "");
      }
      return;
    }
    for (const child of node.content ?? []) visit(child);
  };
  visit(json);
  return [...byId.values()].map(summarize);
}

function plainText(node: JSONContent): string {
  if (node.type === "text") return node.text ?? "";
  return (node.content ?? []).map(plainText).join(node.content?.every(isInline) ? "" : " ");
}

function summarize(parts: Parts): SuggestionSummary {
  const inserted = parts.inserted.join("");
  // A deleted block's text is usually marked too; the marks then say it already.
  const deleted = parts.deleted.join("") || parts.deletedBlockText.join(" ");
  const adds = parts.insertBlocks > 0 || inserted.length > 0 || parts.splits > 0;
  const removes = parts.deleteBlocks > 0 || deleted.length > 0 || parts.joins > 0;
  let kind: SuggestionKind;
  let text: string;
  if (adds && removes) {
    kind = "replace";
    text = `Replace ${quote(deleted)} with ${quote(inserted)}`;
  } else if (parts.insertBlocks > 0) {
    kind = "insert-block";
    text = inserted ? `Insert paragraph ${quote(inserted)}` : "Insert an empty paragraph";
  } else if (parts.deleteBlocks > 0) {
    kind = "delete-block";
    text = deleted ? `Delete paragraph ${quote(deleted)}` : "Delete an empty paragraph";
  } else if (inserted) {
    kind = "insert";
    text = `Insert ${quote(inserted)}`;
  } else if (deleted) {
    kind = "delete";
    text = `Delete ${quote(deleted)}`;
  } else if (parts.splits > 0) {
    kind = "split";
    text = "Start a new paragraph";
  } else {
    kind = "join";
    text = "Join two paragraphs";
  }
  return {
    id: parts.id,
    kind,
    authorId: parts.authorId,
    createdAt: parts.createdAt,
    text,
    inserted,
    deleted,
    position: parts.position,
  };
}

function quote(text: string): string {
  const single = text.replace(/\s+/g, " ").trim();
  return `'${clipText(single, SNIPPET_CHARS)}'`;
}
