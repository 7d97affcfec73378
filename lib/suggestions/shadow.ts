import type { JSONContent } from "@tiptap/core";
import { markNameOfKey } from "@/lib/editor/yjs-mark-keys";
import * as Y from "yjs";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "@/lib/editor/suggestion-marks";
import { canonicalJSON, mergeTextNodes, rejectSuggestions } from "./view";

/**
 * The reviewer guard's judgement (issue 19): may this Yjs update come from someone who may only
 * suggest? It may iff the body "with the author's own suggestions rejected" is the same before and
 * after it, every suggestion it adds carries the author's id, and it touches nothing but the body.
 *
 * Judging by applying the update to a copy of the whole page and converting both versions to JSON
 * would cost milliseconds per keystroke on a long page. A ShadowDocument instead stays loaded
 * beside the live page (fed every update the page applies), keeps each top-level block's JSON,
 * applies a candidate update to itself and compares only the stretch of blocks the update touched.
 * After a refusal the shadow holds an update the page never applied: it must be thrown away (the
 * guard then builds a new one from the page).
 *
 * Most updates a shadow sees are mirrored, not judged (editors typing, and each judged update once
 * more when the page applies it), so mirroring only notes which blocks changed; their JSON is read
 * again when the next judgement needs the blocks as they were before its update. Per block JSON
 * the shadow also keeps what the comparison derives from it (its suggestion keys, its text with
 * an author's suggestions rejected), so a keystroke re-reads only the block it changed.
 */

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * What is judged: `suggest-only` for a reviewer (only its own suggestions, nothing else);
 * `no-forgery` for an editor, who may edit freely but add suggestions only in its own name.
 */
export type JudgedAs = "suggest-only" | "no-forgery";

/** What one transaction on the shadow changed, recorded by its afterTransaction listener. */
type Change = {
  /** Top-level blocks that existed before the transaction and changed inside or in their attributes. */
  touched: Set<YType>;
  /** Blocks were added to or removed from the body. */
  listChanged: boolean;
  /** Something outside the body changed. */
  foreign: boolean;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types differ in their event type only
type YType = Y.AbstractType<any>;

const CANDIDATE = Symbol("suggestion-guard-candidate");
const NO_IDS: ReadonlySet<string> = new Set();
/** The refusal's reason when an update writes under a decided suggestion's id. */
export const DECIDED_REASON = "it adds to a suggestion that has already been decided";
const MIRROR = Symbol("suggestion-guard-mirror");

export class ShadowDocument {
  private readonly doc = new Y.Doc();
  private readonly body: Y.XmlFragment;
  /** The body's top-level blocks, in order, as of the last transaction. */
  private blocks: YType[] = [];
  /** Each top-level block's JSON as of the last transaction (keyed by the Yjs type). */
  private readonly json = new WeakMap<YType, JSONContent>();
  /** Blocks whose cached JSON a mirrored update made out of date (read again before the next judgement). */
  private readonly stale = new Set<YType>();
  /** A mirrored update added or removed blocks: `blocks` must be read again, and the new ones' JSON. */
  private listStale = false;
  private readonly derived: DerivedViews;
  private change: Change | null = null;
  /**
   * The update just judged and accepted, already applied here: the page applies the same update
   * next and mirrors it back, and applying it a second time would change nothing (Yjs updates are
   * idempotent) but cost as much as the first.
   */
  private accepted: Uint8Array | null = null;
  /**
   * Every suggestion key (id, kind, author, time) a block of this page has held while the shadow
   * was open. An editor who brings one back (undoing the deletion of a paragraph that held a
   * reviewer's suggestion, pasting a copy of it) restores that person's own suggestion, not a forgery.
   */
  private readonly seen = new Set<string>();

  /** `keepViews: false` derives every comparison from scratch (the tests' reference for the kept views). */
  constructor(source: Y.Doc, fragmentName: string, { keepViews = true }: { keepViews?: boolean } = {}) {
    this.derived = new DerivedViews(keepViews);
    this.body = this.doc.getXmlFragment(fragmentName);
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(source), MIRROR);
    this.blocks = this.body.toArray();
    for (const block of this.blocks) this.cache(block, blockJSON(block));
    // One update can run several transactions (Yjs cleans up formatting in a second one): what
    // they change is added up until the caller reads it.
    this.doc.on("afterTransaction", (transaction: Y.Transaction) => {
      this.change = this.describe(transaction, this.change ?? { touched: new Set(), listChanged: false, foreign: false });
    });
  }

  /** Applies an update the live page applied (anyone's), keeping the cached views current. */
  mirror(update: Uint8Array): void {
    const accepted = this.accepted;
    this.accepted = null;
    if (accepted && sameBytes(update, accepted)) return;
    this.change = null;
    Y.applyUpdate(this.doc, update, MIRROR);
    const change = this.change as Change | null;
    if (!change) return;
    for (const block of change.touched) this.stale.add(block);
    if (change.listChanged) this.listStale = true;
  }

  /**
   * Applies `update` as `authorId`'s and says whether it is only suggestions by that author. The
   * shadow then holds the update either way: keep it after `{ ok: true }` (the page is about to
   * apply the same update), destroy it after a refusal.
   */
  judge(update: Uint8Array, authorId: string, as: JudgedAs = "suggest-only", decided: ReadonlySet<string> = NO_IDS): Verdict {
    this.accepted = null;
    this.settle();
    const before = this.blocks;
    const rootsBefore = this.doc.share.size;
    const pendingBefore = this.hasPending();
    this.change = null;
    try {
      Y.applyUpdate(this.doc, update, CANDIDATE);
    } catch {
      return { ok: false, reason: "the update could not be read" };
    }
    const change = this.change as Change | null;
    if (!change) return { ok: true };
    const foreign = change.foreign || this.doc.share.size !== rootsBefore;
    if (foreign && as === "suggest-only") return { ok: false, reason: "it changes more than the page body" };
    // Parts that wait for others it does not hold would be applied later, when nobody judges them.
    if (!pendingBefore && this.hasPending()) return { ok: false, reason: "it depends on changes the page does not have" };
    const after = change.listChanged ? this.body.toArray() : before;
    const read = new Map<YType, JSONContent>();
    const verdict = this.compare(before, after, change, { authorId, as, decided }, read);
    if (verdict.ok) this.refresh(change, after, read);
    // An update still waiting for others here is not known to be applied whole: mirror it again.
    if (verdict.ok && !this.hasPending()) this.accepted = update;
    return verdict;
  }

  destroy(): void {
    this.doc.destroy();
  }

  private hasPending(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
  }

  private describe(transaction: Y.Transaction, change: Change): Change {
    for (const type of transaction.changed.keys()) {
      if (type === (this.body as YType)) {
        change.listChanged = true;
        continue;
      }
      const block = topLevelBlock(type, this.body);
      if (block) change.touched.add(block);
      else change.foreign = true;
    }
    return change;
  }

  /** Brings the cached views up to date with every update mirrored since the last judgement. */
  private settle(): void {
    if (this.listStale) {
      this.blocks = this.body.toArray();
      for (const block of this.blocks) if (!this.json.has(block)) this.stale.add(block);
      this.listStale = false;
    }
    for (const block of this.stale) if (!block._item?.deleted) this.cache(block, blockJSON(block));
    this.stale.clear();
  }

  /** After an accepted judgement: the shadow's blocks as the update left them, reusing what `compare` read. */
  private refresh(change: Change, after: YType[], read: Map<YType, JSONContent>): void {
    this.blocks = after;
    for (const block of change.touched) this.cache(block, read.get(block) ?? blockJSON(block));
    if (change.listChanged) for (const block of after) if (!this.json.has(block)) this.cache(block, read.get(block) ?? blockJSON(block));
  }

  /** The cached JSON of a block that did not change in the transaction being judged. */
  private cached(block: YType): JSONContent {
    let json = this.json.get(block);
    if (!json) this.cache(block, (json = blockJSON(block)));
    return json;
  }

  private cache(block: YType, json: JSONContent): void {
    this.json.set(block, json);
    for (const key of this.derived.suggestionKeys(json).keys()) this.seen.add(key);
  }

  /** `read` receives the JSON of the blocks it reads afresh (changed or new), for `refresh`. */
  private compare(
    before: YType[],
    after: YType[],
    change: Change,
    { authorId, as, decided }: { authorId: string; as: JudgedAs; decided: ReadonlySet<string> },
    read: Map<YType, JSONContent>,
  ): Verdict {
    // The blocks that differ: everything between the longest unchanged prefix and suffix.
    const shortest = Math.min(before.length, after.length);
    let start = 0;
    while (start < shortest && before[start] === after[start] && !change.touched.has(before[start])) start++;
    let tail = 0;
    while (
      tail < shortest - start &&
      before[before.length - 1 - tail] === after[after.length - 1 - tail] &&
      !change.touched.has(after[after.length - 1 - tail])
    )
      tail++;
    if (start === before.length && start === after.length) return { ok: true };
    // Rejecting the author's split folds a block into its previous sibling, and rejecting an
    // inserted block removes it, so a changed stretch can reach across unchanged neighbours: widen
    // it to the first block before it that stays on its own, and past every following block
    // that would fold back into it. The unchanged neighbours are the same before and after.
    const foldsAway = (block: YType) => {
      const suggestion = this.cached(block).attrs?.[BLOCK_SUGGESTION_ATTRIBUTE] as { kind?: string; authorId?: string } | null;
      return !!suggestion && suggestion.authorId === authorId && (suggestion.kind === "insert" || suggestion.kind === "split");
    };
    // (Not for an editor: moving or forging is seen in the blocks the update itself changed.)
    while (start > 0 && as === "suggest-only") {
      start--;
      if (!foldsAway(before[start])) break;
    }
    while (tail > 0 && as === "suggest-only" && foldsAway(after[after.length - tail])) tail--;
    const beforeWindow = before.slice(start, before.length - tail).map((block) => this.cached(block));
    const afterWindow = after.slice(start, after.length - tail).map((block) => {
      if (!change.touched.has(block) && this.json.has(block)) return this.cached(block);
      const json = blockJSON(block);
      read.set(block, json);
      return json;
    });

    const existing = new Set<string>();
    for (const block of beforeWindow) for (const key of this.derived.suggestionKeys(block).keys()) existing.add(key);
    for (const block of afterWindow)
      for (const [key, named] of this.derived.suggestionKeys(block)) {
        if (existing.has(key)) continue;
        // Text typed into a suggestion while it was being decided (see lib/collab/decided-suggestions.ts).
        if (typeof named.id === "string" && decided.has(named.id)) return { ok: false, reason: DECIDED_REASON };
        if (named.authorId !== authorId && !(as === "no-forgery" && this.seen.has(key)))
          return { ok: false, reason: "it adds a suggestion in someone else's name" };
      }
    // An editor may change anything else (and move someone's suggestion within the stretch it edits).
    if (as === "no-forgery") return { ok: true };
    if (this.derived.rejectedView(beforeWindow, authorId) !== this.derived.rejectedView(afterWindow, authorId))
      return { ok: false, reason: "it changes the text other than by the author's own suggestions" };
    return { ok: true };
  }
}

/** Stands for "this block cannot be rejected on its own": it folds into its previous sibling. */
const FOLDS = Symbol("folds-into-previous");

/**
 * What the comparison derives from a block's JSON, kept per JSON object (a block's cached JSON is
 * replaced, never changed, when the block changes), so unchanged blocks cost a lookup.
 */
export class DerivedViews {
  private readonly keys = new WeakMap<JSONContent, Map<string, NamedBy>>();
  private readonly parts = new WeakMap<JSONContent, Map<string, string | null | typeof FOLDS>>();

  constructor(private readonly keep = true) {}

  /** The block's suggestion keys (see `suggestionKeys`), each with the id and author id it names. */
  suggestionKeys(block: JSONContent): Map<string, NamedBy> {
    if (!this.keep) return suggestionKeys([block]);
    let keys = this.keys.get(block);
    if (!keys) this.keys.set(block, (keys = suggestionKeys([block])));
    return keys;
  }

  /**
   * `rejectedView(blocks, authorId)`, put together from each block's own rejected view when no
   * block can fold into its neighbour: rejecting then keeps or removes each block on its own, so
   * the stretch's view is the list of its blocks' views.
   */
  rejectedView(blocks: JSONContent[], authorId: string): string {
    if (!this.keep) return rejectedView(blocks, authorId);
    const parts: string[] = [];
    for (const block of blocks) {
      const part = this.rejectedPart(block, authorId);
      if (part === FOLDS) return rejectedView(blocks, authorId);
      if (part !== null) parts.push(part);
    }
    return `[${parts.join(",")}]`;
  }

  /** One block with `authorId`'s suggestions rejected, as in a stretch's view; null when it goes away. */
  private rejectedPart(block: JSONContent, authorId: string): string | null | typeof FOLDS {
    let byAuthor = this.parts.get(block);
    if (!byAuthor) this.parts.set(block, (byAuthor = new Map()));
    let part = byAuthor.get(authorId);
    if (part === undefined) {
      if (foldsIntoPrevious(block)) part = FOLDS;
      else {
        const [rejected] = rejectSuggestions({ type: "stretch", content: [block] }, { authorId }).content ?? [];
        part = rejected ? canonicalJSON(comparable(rejected)) : null;
      }
      byAuthor.set(authorId, part);
    }
    return part;
  }
}

/**
 * True when rejecting may join `block` with what is beside it: a proposed split (by anyone: the
 * author does not matter for this cautious test), or a block a stretch's text merging could join
 * (only text nodes merge, and a block read from Yjs is one only when a client named an element so).
 */
function foldsIntoPrevious(block: JSONContent): boolean {
  if (block.type === "text") return true;
  const suggestion = block.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE] as { kind?: unknown } | null | undefined;
  return !!suggestion && typeof suggestion === "object" && suggestion.kind === "split";
}

/** A stretch of blocks with `authorId`'s suggestions rejected, as a comparable string. */
export function rejectedView(blocks: JSONContent[], authorId: string): string {
  // Not a "doc": an emptied stretch must stay empty rather than become an empty paragraph.
  const rejected = rejectSuggestions({ type: "stretch", content: blocks }, { authorId });
  return canonicalJSON(mergeTextNodes((rejected.content ?? []).map(comparable)));
}

/**
 * `node` as the comparison should see it, the same however Yjs happens to store it:
 * - marks in a fixed order: a text's marks are a set, but Yjs keeps its formatting keys in the
 *   order they were last written, and the editor's binding rewrites the formatting of text it
 *   re-marks, so the same marks come back in another order;
 * - adjacent texts with the same marks as one text, once their order no longer splits them;
 * - no attribute set to null, and no `attrs` once none is left: Yjs stores no null attribute, so
 *   a block read from the page has no `attrs` where rejecting a suggestion leaves
 *   `{ suggestion: null }` (a rejected whole-block deletion of a block without an id).
 * The convergence fuzz through the server (tests/reliability/suggestion-convergence.test.ts) found
 * both: honest edits refused.
 */
function comparable(node: JSONContent): JSONContent {
  const copy: JSONContent = { ...node };
  if (node.attrs) {
    const set = Object.entries(node.attrs).filter(([, value]) => value !== null && value !== undefined);
    if (set.length) copy.attrs = Object.fromEntries(set);
    else delete copy.attrs;
  }
  if (node.marks) {
    // Each mark's canonical text once, not once per comparison.
    const keyed = node.marks.map((mark) => ({ key: canonicalJSON(mark), mark }));
    copy.marks = keyed.sort((a, b) => (a.key < b.key ? -1 : 1)).map(({ mark }) => mark);
  }
  if (node.content) copy.content = mergeTextNodes(node.content.map(comparable));
  return copy;
}

/** The suggestion id and author id a suggestion key names, as stored (not necessarily strings). */
type NamedBy = { id: unknown; authorId: unknown };

/**
 * Every suggestion part in `blocks` as "kind, id, author, time", to spot ones an update adds; each
 * with the id and author id it names.
 */
export function suggestionKeys(blocks: JSONContent[]): Map<string, NamedBy> {
  const keys = new Map<string, NamedBy>();
  const add = (kind: unknown, attrs: Record<string, unknown>) =>
    keys.set(JSON.stringify({ kind, id: attrs.id ?? null, authorId: attrs.authorId ?? null, createdAt: attrs.createdAt ?? null }), {
      id: attrs.id ?? null,
      authorId: attrs.authorId ?? null,
    });
  const visit = (node: JSONContent) => {
    const block = node.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE];
    if (block && typeof block === "object") add(`block-${(block as { kind?: unknown }).kind}`, block as Record<string, unknown>);
    for (const mark of node.marks ?? [])
      if (mark.type === SUGGESTION_INSERT || mark.type === SUGGESTION_DELETE) add(mark.type, mark.attrs ?? {});
    for (const child of node.content ?? []) visit(child);
  };
  blocks.forEach(visit);
  return keys;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The top-level block of the body that `type` is in; null when it is not in the body. */
function topLevelBlock(type: YType, body: Y.XmlFragment): YType | null {
  let current: YType = type;
  for (;;) {
    const parent = current._item?.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    if (parent === body) return current;
    current = parent as YType;
  }
}

/**
 * A Yjs type as ProseMirror-like JSON, everything included (unknown node names, attributes and
 * marks too): the guard compares what is stored, not what the schema would keep of it.
 */
export function blockJSON(type: YType): JSONContent {
  if (type instanceof Y.XmlElement) {
    const attrs = plainValue(type.getAttributes()) as Record<string, unknown>;
    const content = type.toArray().flatMap((child) => (child instanceof Y.XmlText ? textJSON(child) : [blockJSON(child)]));
    return { type: type.nodeName, ...(Object.keys(attrs).length ? { attrs } : {}), ...(content.length ? { content } : {}) };
  }
  if (type instanceof Y.XmlText) return { type: "#text", content: textJSON(type) };
  return { type: `#${type.constructor.name}`, attrs: { value: plainValue(type.toJSON()) } };
}

function textJSON(text: Y.XmlText): JSONContent[] {
  return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).map((op) => {
    const marks = Object.entries(op.attributes ?? {}).map(([name, attrs]) => {
      const attributes = plainValue(attrs);
      return {
        type: markNameOfKey(name),
        ...(attributes && typeof attributes === "object" && Object.keys(attributes).length
          ? { attrs: attributes as Record<string, unknown> }
          : {}),
      };
    });
    const node: JSONContent =
      typeof op.insert === "string" ? { type: "text", text: op.insert } : { type: "#embed", attrs: { value: plainValue(op.insert) } };
    return marks.length ? { ...node, marks } : node;
  });
}

/** Attribute values as plain data (a Yjs type stored as a value is read as its JSON). */
function plainValue(value: unknown): unknown {
  if (value instanceof Y.AbstractType) return { "#ytype": value.constructor.name, value: plainValue(value.toJSON()) };
  if (value instanceof Uint8Array) return { "#bytes": Array.from(value) };
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, plainValue(entry)]));
  return value;
}
