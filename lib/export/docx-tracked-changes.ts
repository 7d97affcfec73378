import type { JSONContent } from "@tiptap/core";
import { BuilderElement, DeletedTextRun, InsertedTextRun, type IRunOptions, type ParagraphChild, type XmlComponent } from "docx";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT, type SuggestionAttrs } from "@/lib/editor/suggestion-marks";

/**
 * Pending suggestions (issue 19) as Word tracked changes, for the DOCX export's
 * `suggestions=tracked` option. Pure: the suggesters' names come in, nothing is read here.
 *
 * How each part of a suggestion maps onto Word's model:
 * - text marked `suggestionInsert` → runs inside `w:ins`; `suggestionDelete` → `w:del` with
 *   `w:delText`. Text someone proposed and someone else proposed to strike → `w:ins` around `w:del`,
 *   as Word writes it;
 * - a block proposed whole (`insert` / `delete`) → all its runs and its paragraph mark
 *   (`w:pPr/w:rPr/w:ins` or `w:del`), so accepting or rejecting it in Word leaves no empty line;
 * - `split` (this block was broken off the previous one) → the previous block's paragraph mark is
 *   inserted: that mark is the proposed break, and rejecting it in Word joins the two again;
 * - `join` (this block is to be merged onto the previous one) → the previous block's paragraph mark
 *   is deleted: accepting it in Word joins them.
 *
 * Every change gets its own `w:id`, unique in the document; `w:author` is the suggester's display
 * name and `w:date` the suggestion's time.
 */

/** Word's attributes of one tracked change. */
export type WordRevision = { id: number; author: string; date: string };

/** A part of a suggestion that inserts or deletes, with whose suggestion it is. */
export type ProposedChange = { kind: "insert" | "delete"; attrs: SuggestionAttrs };

/** The pending suggestions on an inline node, by kind (the earliest, when several strike the same text). */
export type InlineChanges = { insert?: SuggestionAttrs; delete?: SuggestionAttrs };

/** Word's author when the suggester's account is gone or was never known. */
export const UNKNOWN_AUTHOR = "Unknown author";

/** Word writes whole seconds (xsd:dateTime without fractions); some readers reject milliseconds. */
export function wordDate(iso: string): string | undefined {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Hands out Word revisions for suggestions, numbering them through one document. */
export class TrackedChanges {
  private lastId = 0;

  constructor(private readonly authorNames: ReadonlyMap<string, string>) {}

  /** A new revision (a fresh `w:id`) for one part of a suggestion. */
  revision(attrs: SuggestionAttrs): WordRevision {
    const author = this.authorNames.get(String(attrs.authorId)) ?? UNKNOWN_AUTHOR;
    // A date Word cannot read is left out (w:date is optional) rather than invented.
    return { id: ++this.lastId, author, date: wordDate(String(attrs.createdAt)) as string };
  }

  /** Runs with `options` (text or a break), inside `w:ins` / `w:del` as `changes` say. */
  runs(options: IRunOptions, changes: InlineChanges): ParagraphChild[] {
    if (changes.delete) {
      const deleted = new DeletedTextRun({ ...options, ...this.revision(changes.delete) });
      return [changes.insert ? this.wrap("w:ins", changes.insert, deleted) : deleted];
    }
    if (changes.insert) return [new InsertedTextRun({ ...options, ...this.revision(changes.insert) })];
    return [];
  }

  /**
   * `child` (a run docx has no tracked form of, such as a footnote reference) inside `w:ins` or
   * `w:del`, which may wrap any run.
   */
  wrap(element: "w:ins" | "w:del", attrs: SuggestionAttrs, child: ParagraphChild): ParagraphChild {
    const { id, author, date } = this.revision(attrs);
    return new BuilderElement({
      name: element,
      attributes: {
        id: { key: "w:id", value: id },
        author: { key: "w:author", value: author },
        ...(date ? { date: { key: "w:date", value: date } } : {}),
      },
      // Every run docx writes is an XmlComponent; its ParagraphChild union also names a few types that are not.
      children: [child as unknown as XmlComponent],
    }) as unknown as ParagraphChild;
  }

  /** `child` inside whichever of `w:ins` / `w:del` `changes` calls for (both: the deletion inside). */
  wrapAll(changes: InlineChanges, child: ParagraphChild): ParagraphChild {
    const deleted = changes.delete ? this.wrap("w:del", changes.delete, child) : child;
    return changes.insert ? this.wrap("w:ins", changes.insert, deleted) : deleted;
  }

  /** The paragraph mark's tracked insertion and deletion (`run` of docx's paragraph options). */
  paragraphMark(changes: InlineChanges): { insertion?: WordRevision; deletion?: WordRevision } | undefined {
    if (!changes.insert && !changes.delete) return undefined;
    return {
      ...(changes.insert ? { insertion: this.revision(changes.insert) } : {}),
      ...(changes.delete ? { deletion: this.revision(changes.delete) } : {}),
    };
  }
}

function isSuggestion(value: unknown): value is SuggestionAttrs {
  return !!value && typeof value === "object" && typeof (value as SuggestionAttrs).id === "string";
}

function earliest(list: SuggestionAttrs[]): SuggestionAttrs | undefined {
  return list.sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))[0];
}

/** The suggestions an inline node's marks carry. */
export function inlineChanges(node: JSONContent): InlineChanges {
  const of = (type: string) =>
    earliest((node.marks ?? []).filter((m) => m.type === type && isSuggestion(m.attrs)).map((m) => m.attrs as SuggestionAttrs));
  return { insert: of(SUGGESTION_INSERT), delete: of(SUGGESTION_DELETE) };
}

/** The block-level suggestion a block carries, if any. */
export function blockSuggestion(node: JSONContent | undefined): (SuggestionAttrs & { kind: string }) | null {
  const value = node?.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE];
  return isSuggestion(value) && typeof (value as { kind?: unknown }).kind === "string"
    ? (value as SuggestionAttrs & { kind: string })
    : null;
}

/** A whole block proposed for insertion or deletion: every run and paragraph mark inside it changes with it. */
export function wholeBlockChange(node: JSONContent): ProposedChange | undefined {
  const suggestion = blockSuggestion(node);
  if (suggestion?.kind === "insert") return { kind: "insert", attrs: suggestion };
  if (suggestion?.kind === "delete") return { kind: "delete", attrs: suggestion };
  return undefined;
}

/**
 * What happens to a block's paragraph mark because of the block after it: the break before a
 * `split` block is proposed (inserted), the break before a `join` block is proposed away (deleted).
 */
export function markChangeFromNext(next: JSONContent | undefined): ProposedChange | undefined {
  const suggestion = blockSuggestion(next);
  if (suggestion?.kind === "split") return { kind: "insert", attrs: suggestion };
  if (suggestion?.kind === "join") return { kind: "delete", attrs: suggestion };
  return undefined;
}

/** Adds a block-level change to an inline node's own (the node's own marks first). */
export function withBlockChange(changes: InlineChanges, block: ProposedChange | undefined): InlineChanges {
  if (!block) return changes;
  return block.kind === "insert"
    ? { ...changes, insert: changes.insert ?? block.attrs }
    : { ...changes, delete: changes.delete ?? block.attrs };
}
