import {
  AlignmentType,
  BuilderElement,
  DeletedTextRun,
  Document,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from "docx";
import { footnoteParagraph, footnoteReference, runOptions } from "@/lib/export/docx-inline";
import { sliceRuns, type CitationRef, type DocBlock, type TextRun as DocRun } from "./blocks";
import type { CitationText } from "./citation-text";
import type { BlockChange } from "./diff";
import type { RedlineCredit } from "./redline-authorship";
import type { CreditedBlock, CreditedRedline } from "./redline-credits";
import { placeInTables } from "./redline-tables";

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

export type RedlineDocxOptions = {
  title: string;
  fromLabel: string;
  toLabel: string;
  /** The wording of each citation's footnote; without it a footnote gives the pinpoint only. */
  citationText?: CitationText;
};

/**
 * Word's author and date of a change. Word has one author per change, so an accepted suggestion
 * names its suggester with who accepted it. Word writes whole seconds (xsd:dateTime without
 * fractions); some readers reject milliseconds.
 */
const trackedChange = (credit: RedlineCredit) => ({
  author: credit.acceptedBy ? `${credit.author} (accepted by ${credit.acceptedBy})` : credit.author,
  date: credit.date.toISOString().replace(/\.\d{3}Z$/, "Z"),
});

/**
 * The redline as a Word document with real tracked changes: inserted words are `w:ins` runs and
 * deleted words `w:del` runs, each authored and dated by the version that made it (see
 * redline-credits.ts), so Word and LibreOffice show them as changes to accept or reject, by whom
 * and when. Blocks added or removed whole are tracked the same way. Citations are real footnotes
 * whose references are inserted or deleted like the words around them. Tables are real tables,
 * with the changes inside their cells and rows added or removed whole tracked as rows.
 */
export async function renderRedlineDocx(redline: CreditedRedline<RedlineCredit>, options: RedlineDocxOptions): Promise<Buffer> {
  const { diff } = redline;
  let revisionId = 0;
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  let lastFootnote = 0;
  const footnoteOf = (citation: CitationRef, kind: "equal" | "insert" | "delete", credit: RedlineCredit | null): ParagraphChild => {
    const id = ++lastFootnote;
    const runs = options.citationText?.(citation) ?? [{ text: citation.pinpoint ? `Pinpoint: ${citation.pinpoint}.` : "Citation." }];
    footnotes[id] = { children: [footnoteParagraph({ runs })] };
    const reference = footnoteReference(id);
    if (kind === "equal" || !credit) return reference;
    // docx has no tracked footnote reference; w:ins / w:del may wrap any run, so wrap its own.
    const change = trackedChange(credit);
    const tracked = new BuilderElement({
      name: kind === "insert" ? "w:ins" : "w:del",
      attributes: {
        id: { key: "w:id", value: ++revisionId },
        author: { key: "w:author", value: change.author },
        date: { key: "w:date", value: change.date },
      },
      children: [reference],
    });
    return tracked as unknown as ParagraphChild;
  };
  const runsOf = (
    runs: readonly DocRun[],
    kind: "equal" | "insert" | "delete",
    credit: RedlineCredit | null,
    code: boolean,
  ): ParagraphChild[] =>
    runs.flatMap((run) =>
      run.citation
        ? [footnoteOf(run.citation, kind, credit)]
        : run.text.split("\n").map((text, i) => {
            const props = { text, break: i > 0 ? 1 : undefined, ...runOptions(run.marks, code) };
            if (kind === "insert" && credit) return new InsertedTextRun({ ...props, id: ++revisionId, ...trackedChange(credit) });
            if (kind === "delete" && credit) return new DeletedTextRun({ ...props, id: ++revisionId, ...trackedChange(credit) });
            return new TextRun(props);
          }),
    );

  // Kept and inserted text comes from the new side's runs, deleted text from the old side's, so both keep their formatting.
  const content = (item: BlockChange, credited: CreditedBlock<RedlineCredit>, block: DocBlock): ParagraphChild[] => {
    const code = block.kind === "codeBlock";
    const before = item.before ?? block;
    const after = item.after ?? block;
    let beforeAt = 0;
    let afterAt = 0;
    const out: ParagraphChild[] = [];
    for (const piece of credited.pieces) {
      const length = piece.text.length;
      if (piece.type === "delete") out.push(...runsOf(sliceRuns(before.runs, beforeAt, beforeAt + length), "delete", piece.credit, code));
      else out.push(...runsOf(sliceRuns(after.runs, afterAt, afterAt + length), piece.type, piece.credit, code));
      if (piece.type !== "insert") beforeAt += length;
      if (piece.type !== "delete") afterAt += length;
    }
    return out;
  };

  const paragraphOf = (item: BlockChange, credited: CreditedBlock<RedlineCredit>, block: DocBlock): Paragraph => {
    const children = content(item, credited, block);
    // A whole block added or removed tracks its paragraph mark too, so accepting leaves no empty
    // line; not in a table cell, whose last paragraph mark Word keeps (its row is tracked instead).
    const mark = credited.markCredit && !block.cell ? { id: ++revisionId, ...trackedChange(credited.markCredit) } : undefined;
    const run = item.type === "added" && mark ? { insertion: mark } : item.type === "removed" && mark ? { deletion: mark } : undefined;
    if (block.kind === "heading")
      return new Paragraph({ run, heading: HEADINGS[Math.min(6, Math.max(1, block.level ?? 1)) - 1], children });
    if (block.kind === "listItem") {
      return new Paragraph({
        run,
        numbering: {
          reference: block.ordered ? "redline-numbers" : "redline-bullets",
          level: Math.min(8, Math.max(0, (block.depth ?? 1) - 1)),
        },
        children,
      });
    }
    if (block.kind === "tableCell") return new Paragraph({ children });
    if (block.kind === "rule") return new Paragraph({ run, children: [new TextRun("—")] });
    return new Paragraph({ run, indent: block.quoted ? { left: 720 } : undefined, children });
  };

  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(options.title)] }),
    new Paragraph({
      children: [
        new TextRun({ text: `Redline: ${options.fromLabel} → ${options.toLabel}. ${diff.summaryText}`, italics: true, color: "555555" }),
      ],
    }),
  ];
  // Table cells gather into rows (see placeInTables) and become a real table when it ends.
  let rows: RedlineRow[] | null = null;
  const endTable = () => {
    if (rows) body.push(tableOf(rows, (credit) => ({ id: ++revisionId, ...trackedChange(credit) })));
    rows = null;
  };
  const places = placeInTables(diff.blocks);
  diff.blocks.forEach((item, i) => {
    const block = item.type === "removed" ? item.before : item.after;
    if (!block) return;
    const place = places[i];
    if (!place || place.newTable) endTable();
    const paragraph = paragraphOf(item, redline.blocks[i], block);
    if (!place) {
      body.push(paragraph);
      return;
    }
    rows ??= [];
    if (place.newRow || rows.length === 0) rows.push([]);
    const row = rows[rows.length - 1];
    if (place.newCell || row.length === 0) row.push({ change: item, block, credit: redline.blocks[i].markCredit, paragraphs: [] });
    row[row.length - 1].paragraphs.push(paragraph);
  });
  endTable();

  const level = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (l: number) => string) =>
    Array.from({ length: 9 }, (_, l) => ({
      level: l,
      format,
      text: text(l),
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: 720 * (l + 1), hanging: 360 } } },
    }));
  const doc = new Document({
    title: `Redline: ${options.title}`,
    creator: "Opinio",
    // Opening with change tracking on keeps further edits in the reviewer's copy tracked too.
    features: { trackRevisions: true },
    footnotes,
    numbering: {
      config: [
        { reference: "redline-bullets", levels: level(LevelFormat.BULLET, () => "•") },
        { reference: "redline-numbers", levels: level(LevelFormat.DECIMAL, (l) => `%${l + 1}.`) },
      ],
    },
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}

/** A cell of the redline's table: the change that opened it (its tableCell block) and its paragraphs. */
type RedlineCell = { change: BlockChange; block: DocBlock; credit: RedlineCredit | null; paragraphs: Paragraph[] };
type RedlineRow = RedlineCell[];
type Revision = { id: number; author: string; date: string };

/**
 * A real Word table. A row whose cells were all added (or all removed) is a tracked row
 * insertion (or deletion), so accepting or rejecting it in Word takes the row too; cells
 * changed inside a row carry their tracked changes in their text.
 */
function tableOf(rows: RedlineRow[], revision: (credit: RedlineCredit) => Revision): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map((cells) => {
      // Who added (or removed) the row: the credit of its first cell, when every cell went that way.
      const wholeRowCredit = (type: "added" | "removed") => (cells.every((cell) => cell.change.type === type) ? cells[0].credit : null);
      const added = wholeRowCredit("added");
      const removed = wholeRowCredit("removed");
      return new TableRow({
        ...(added ? { insertion: revision(added) } : removed ? { deletion: revision(removed) } : {}),
        children: cells.map(
          ({ block, paragraphs }) =>
            new TableCell({
              columnSpan: block.cell?.colspan,
              rowSpan: block.cell?.rowspan,
              shading: block.header ? { type: ShadingType.CLEAR, fill: "EFEFEF", color: "auto" } : undefined,
              children: paragraphs,
            }),
        ),
      });
    }),
  });
}
