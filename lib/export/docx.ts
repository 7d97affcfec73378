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
import { footnoteParagraph, footnoteReference, markedText, textRuns, type MarkLike } from "./docx-inline";
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

/** Walks one chapter in document order, handing out Word footnote ids as citations appear. */
class ChapterWriter {
  private citationIndex = 0;
  /** Each ordered list gets its own numbering instance, so every list starts again at 1. */
  private static listInstance = 0;

  constructor(
    private readonly chapter: ExportChapter,
    private readonly footnotes: Map<number, Footnote>,
    private readonly nextFootnoteId: () => number,
  ) {}

  blocks(
    nodes: JSONContent[] | undefined,
    context: { list?: { reference: string; instance: number; level: number }; quoted?: boolean } = {},
  ): (Paragraph | Table)[] {
    const out: (Paragraph | Table)[] = [];
    for (const node of nodes ?? []) out.push(...this.block(node, context));
    return out;
  }

  private block(
    node: JSONContent,
    context: { list?: { reference: string; instance: number; level: number }; quoted?: boolean },
  ): (Paragraph | Table)[] {
    const base: IParagraphOptions = {
      ...(context.list
        ? { numbering: { reference: context.list.reference, level: context.list.level, instance: context.list.instance } }
        : {}),
      ...(context.quoted
        ? { indent: { left: 720 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: "BBBBBB", space: 8 } } }
        : {}),
    };
    switch (node.type) {
      case "heading":
        return [
          new Paragraph({ ...base, heading: HEADINGS[shiftedHeadingLevel(node.attrs?.level) - 1], children: this.inline(node.content) }),
        ];
      case "paragraph":
        return [new Paragraph({ ...base, children: this.inline(node.content) })];
      case "blockquote":
        return this.blocks(node.content, { ...context, quoted: true });
      case "codeBlock":
        return [
          new Paragraph({
            ...base,
            shading: { type: ShadingType.CLEAR, fill: "F2F2F2", color: "auto" },
            children: textRuns((node.content ?? []).map((c) => c.text ?? "").join(""), [], true),
          }),
        ];
      case "horizontalRule":
        return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "999999", space: 1 } }, children: [] })];
      case "bulletList":
      case "orderedList":
        return this.list(node, context);
      case "table":
        return [this.table(node)];
      default:
        // Unknown blocks keep their text rather than vanish from a legal document.
        return node.content ? this.blocks(node.content, context) : [];
    }
  }

  private list(
    node: JSONContent,
    context: { list?: { reference: string; instance: number; level: number }; quoted?: boolean },
  ): (Paragraph | Table)[] {
    const ordered = node.type === "orderedList";
    const level = context.list ? Math.min(8, context.list.level + 1) : 0;
    const reference = ordered ? NUMBERS : BULLETS;
    const instance = ordered ? ++ChapterWriter.listInstance : 0;
    const out: (Paragraph | Table)[] = [];
    for (const item of node.content ?? []) {
      let first = true;
      for (const child of item.content ?? []) {
        if (child.type === "bulletList" || child.type === "orderedList") {
          out.push(...this.list(child, { ...context, list: { reference, instance, level } }));
        } else if (first) {
          out.push(...this.block(child, { ...context, list: { reference, instance, level } }));
          first = false;
        } else {
          // Further paragraphs of one item sit under it without a second bullet.
          out.push(...this.block(child, { quoted: context.quoted }));
        }
      }
    }
    return out;
  }

  private table(node: JSONContent): Table {
    const rows = (node.content ?? []).map(
      (row) =>
        new TableRow({
          children: (row.content ?? []).map((cell) => {
            const paragraphs = this.blocks(cell.content).filter((b): b is Paragraph => b instanceof Paragraph);
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

  inline(nodes: JSONContent[] | undefined): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const node of nodes ?? []) {
      if (node.type === "text") out.push(...markedText(node.text ?? "", node.marks as MarkLike[] | undefined));
      else if (node.type === "hardBreak") out.push(new TextRun({ break: 1 }));
      else if (node.type === "wikiLink") out.push(...textRuns(String(node.attrs?.title ?? ""), node.marks as MarkLike[] | undefined));
      else if (node.type === "citation") {
        const footnote = this.chapter.footnotes[this.citationIndex++];
        if (!footnote) continue;
        const id = this.nextFootnoteId();
        this.footnotes.set(id, footnote);
        out.push(footnoteReference(id));
      } else if (node.content) out.push(...this.inline(node.content));
    }
    return out;
  }
}

/**
 * The export as a Word document: each page a chapter (title as Heading 1), real footnotes for
 * citations (Word numbers them continuously), real list numbering, tables, and page numbers.
 */
export async function renderDocx(bundle: ExportBundle): Promise<Buffer> {
  const footnotes = new Map<number, Footnote>();
  let lastId = 0;
  const children: (Paragraph | Table)[] = [];
  for (const chapter of bundle.chapters) {
    const writer = new ChapterWriter(chapter, footnotes, () => ++lastId);
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
