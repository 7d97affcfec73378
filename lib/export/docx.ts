import type { JSONContent } from "@tiptap/core";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type ParagraphChild,
} from "docx";
import type { Footnote } from "@/lib/citations/footnotes";
import type { ExportBundle, ExportChapter } from "./bundle";
import { footnoteParagraph, footnoteReference, markedText, textRuns, type MarkLike, type TrackedRun } from "./docx-inline";
import {
  inlineChanges,
  markChangeFromNext,
  TrackedChanges,
  wholeBlockChange,
  withBlockChange,
  type ProposedChange,
} from "./docx-tracked-changes";
import { shiftedHeadingLevel } from "./headings";

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];
const BULLETS = "opinio-bullets";
const NUMBERS = "opinio-numbers";

/** Numbering definitions: real Word lists (not typed bullets), nine levels like Word's own. */
function numberingConfig() {
  const indent = (level: number) => ({ paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } });
  return {
    config: [
      {
        reference: BULLETS,
        levels: Array.from({ length: 9 }, (_, level) => ({
          level,
          format: LevelFormat.BULLET,
          text: ["•", "◦", "▪"][level % 3],
          alignment: AlignmentType.LEFT,
          style: indent(level),
        })),
      },
      {
        reference: NUMBERS,
        levels: Array.from({ length: 9 }, (_, level) => ({
          level,
          format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3],
          text: `%${level + 1}.`,
          alignment: AlignmentType.LEFT,
          style: indent(level),
        })),
      },
    ],
  };
}

type ListPlace = { reference: string; instance: number; level: number };

/** Where a block sits, and (in the tracked export) which pending suggestions change it. */
type BlockContext = {
  list?: ListPlace;
  quoted?: boolean;
  /** A suggestion inserting or deleting this block, or one around it, whole. */
  change?: ProposedChange;
  /** A suggestion that changes this block's last paragraph mark (a split or join of the block after it). */
  markChange?: ProposedChange;
  /** The block ends a table cell, whose last paragraph mark Word keeps whatever happens to the cell. */
  endOfCell?: boolean;
};

/** Walks one chapter in document order, handing out Word footnote ids as citations appear. */
class ChapterWriter {
  private citationIndex = 0;
  /** Each ordered list gets its own numbering instance, so every list starts again at 1. */
  private static listInstance = 0;

  constructor(
    private readonly chapter: ExportChapter,
    private readonly footnotes: Map<number, Footnote>,
    private readonly nextFootnoteId: () => number,
    /** Set in the `suggestions=tracked` export: pending suggestions become Word tracked changes. */
    private readonly tracker: TrackedChanges | null = null,
  ) {}

  blocks(nodes: JSONContent[] | undefined, context: BlockContext = {}): (Paragraph | Table)[] {
    const out: (Paragraph | Table)[] = [];
    (nodes ?? []).forEach((node, i) => out.push(...this.block(node, this.childContext(nodes!, i, context))));
    return out;
  }

  /**
   * The context of `nodes[i]` inside a parent's: a block proposed whole changes everything in it,
   * and the paragraph mark that ends the parent is its last child's.
   */
  private childContext(nodes: JSONContent[], i: number, context: BlockContext): BlockContext {
    const last = i === nodes.length - 1;
    const own = this.tracker ? wholeBlockChange(nodes[i]) : undefined;
    return {
      ...context,
      change: own ?? context.change,
      markChange: last ? context.markChange : this.tracker ? markChangeFromNext(nodes[i + 1]) : undefined,
      endOfCell: last && context.endOfCell,
    };
  }

  /** The tracked insertion or deletion of a paragraph's mark, for docx's paragraph `run` option. */
  private paragraphMark(context: BlockContext) {
    if (!this.tracker || context.endOfCell) return undefined;
    return this.tracker.paragraphMark(withBlockChange(withBlockChange({}, context.change), context.markChange));
  }

  private block(node: JSONContent, context: BlockContext): (Paragraph | Table)[] {
    const base: IParagraphOptions = {
      ...(context.list
        ? { numbering: { reference: context.list.reference, level: context.list.level, instance: context.list.instance } }
        : {}),
      ...(context.quoted
        ? { indent: { left: 720 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: "BBBBBB", space: 8 } } }
        : {}),
    };
    const run = this.paragraphMark(context);
    switch (node.type) {
      case "heading":
        return [
          new Paragraph({
            ...base,
            run,
            heading: HEADINGS[shiftedHeadingLevel(node.attrs?.level) - 1],
            children: this.inline(node.content, context.change),
          }),
        ];
      case "paragraph":
        return [new Paragraph({ ...base, run, children: this.inline(node.content, context.change) })];
      case "blockquote":
        return this.blocks(node.content, { ...context, quoted: true });
      case "codeBlock":
        return [
          new Paragraph({
            ...base,
            run,
            shading: { type: ShadingType.CLEAR, fill: "F2F2F2", color: "auto" },
            children: (node.content ?? []).flatMap((c) => textRuns(c.text ?? "", [], true, undefined, this.tracked(c, context.change))),
          }),
        ];
      case "horizontalRule":
        return [
          new Paragraph({ run, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "999999", space: 1 } }, children: [] }),
        ];
      case "bulletList":
      case "orderedList":
        return this.list(node, context);
      case "table":
        return [this.table(node, context.change)];
      default:
        // Unknown blocks keep their text rather than vanish from a legal document.
        return node.content ? this.blocks(node.content, context) : [];
    }
  }

  private list(node: JSONContent, context: BlockContext): (Paragraph | Table)[] {
    const ordered = node.type === "orderedList";
    const level = context.list ? Math.min(8, context.list.level + 1) : 0;
    const reference = ordered ? NUMBERS : BULLETS;
    const instance = ordered ? ++ChapterWriter.listInstance : 0;
    const items = node.content ?? [];
    const out: (Paragraph | Table)[] = [];
    items.forEach((item, i) => {
      const itemContext = this.childContext(items, i, context);
      const children = item.content ?? [];
      let first = true;
      children.forEach((child, j) => {
        const childContext = this.childContext(children, j, itemContext);
        if (child.type === "bulletList" || child.type === "orderedList") {
          out.push(...this.list(child, { ...childContext, list: { reference, instance, level } }));
        } else if (first) {
          out.push(...this.block(child, { ...childContext, list: { reference, instance, level } }));
          first = false;
        } else {
          // Further paragraphs of one item sit under it without a second bullet.
          out.push(...this.block(child, { ...childContext, list: undefined }));
        }
      });
    });
    return out;
  }

  private table(node: JSONContent, change: ProposedChange | undefined): Table {
    // A table proposed whole is tracked row by row, as Word tracks inserted and deleted rows.
    const rowChange = change && this.tracker ? this.tracker.paragraphMark(withBlockChange({}, change)) : undefined;
    const rows = (node.content ?? []).map(
      (row) =>
        new TableRow({
          ...(rowChange ?? {}),
          children: (row.content ?? []).map((cell) => {
            const paragraphs = this.blocks(cell.content, { change, endOfCell: true }).filter((b): b is Paragraph => b instanceof Paragraph);
            const header = cell.type === "tableHeader";
            return new TableCell({
              columnSpan: Number(cell.attrs?.colspan) > 1 ? Number(cell.attrs?.colspan) : undefined,
              rowSpan: Number(cell.attrs?.rowspan) > 1 ? Number(cell.attrs?.rowspan) : undefined,
              shading: header ? { type: ShadingType.CLEAR, fill: "EFEFEF", color: "auto" } : undefined,
              children: paragraphs.length ? paragraphs : [new Paragraph("")],
            });
          }),
        }),
    );
    return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
  }

  /** In the tracked export, the suggestions that insert or delete an inline node (its own, or its block's). */
  private tracked(node: JSONContent, change: ProposedChange | undefined): TrackedRun | undefined {
    if (!this.tracker) return undefined;
    return { tracker: this.tracker, changes: withBlockChange(inlineChanges(node), change) };
  }

  private lineBreak(tracked: TrackedRun | undefined): ParagraphChild[] {
    const changed = tracked?.tracker.runs({ break: 1 }, tracked.changes) ?? [];
    return changed.length > 0 ? changed : [new TextRun({ break: 1 })];
  }

  inline(nodes: JSONContent[] | undefined, change?: ProposedChange): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const node of nodes ?? []) {
      const tracked = this.tracked(node, change);
      const marks = node.marks as MarkLike[] | undefined;
      if (node.type === "text") out.push(...markedText(node.text ?? "", marks, false, tracked));
      else if (node.type === "hardBreak") out.push(...this.lineBreak(tracked));
      else if (node.type === "wikiLink") out.push(...textRuns(String(node.attrs?.title ?? ""), marks, false, undefined, tracked));
      else if (node.type === "citation") {
        const footnote = this.chapter.footnotes[this.citationIndex++];
        if (!footnote) continue;
        const id = this.nextFootnoteId();
        this.footnotes.set(id, footnote);
        const reference = footnoteReference(id);
        out.push(tracked ? tracked.tracker.wrapAll(tracked.changes, reference) : reference);
      } else if (node.content) out.push(...this.inline(node.content, change));
    }
    return out;
  }
}

export type DocxOptions = {
  /**
   * Write the chapters' pending suggestions as Word tracked changes, authored by these display
   * names (by user id). Without it the chapters are written as they are: the caller gives the
   * accepted text (see docx-suggestions.ts).
   */
  trackedSuggestions?: { authorNames: ReadonlyMap<string, string> };
};

/**
 * The export as a Word document: each page a chapter (title as Heading 1), real footnotes for
 * citations (Word numbers them continuously), real list numbering, tables, and page numbers.
 */
export async function renderDocx(bundle: ExportBundle, options: DocxOptions = {}): Promise<Buffer> {
  const footnotes = new Map<number, Footnote>();
  let lastId = 0;
  const children: (Paragraph | Table)[] = [];
  // One numbering of tracked changes for the whole document: Word needs each w:id unique in it.
  const tracker = options.trackedSuggestions ? new TrackedChanges(options.trackedSuggestions.authorNames) : null;
  for (const chapter of bundle.chapters) {
    const writer = new ChapterWriter(chapter, footnotes, () => ++lastId, tracker);
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(chapter.title)] }));
    children.push(...writer.blocks(chapter.json.content));
  }
  const doc = new Document({
    title: bundle.title,
    creator: "Opinio",
    numbering: numberingConfig(),
    footnotes: Object.fromEntries([...footnotes].map(([id, footnote]) => [id, { children: [footnoteParagraph(footnote)] }])),
    sections: [
      {
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
