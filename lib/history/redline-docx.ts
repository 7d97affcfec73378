import { AlignmentType, BuilderElement, DeletedTextRun, Document, HeadingLevel, InsertedTextRun, LevelFormat, Packer, Paragraph, TextRun, type ParagraphChild } from "docx";
import { footnoteParagraph, footnoteReference, runOptions } from "@/lib/export/docx-inline";
import { sliceRuns, type CitationRef, type DocBlock, type TextRun as DocRun } from "./blocks";
import type { CitationText } from "./citation-text";
import type { BlockChange } from "./diff";
import type { RedlineCredit } from "./redline-authorship";
import type { CreditedBlock, CreditedRedline } from "./redline-credits";

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

export type RedlineDocxOptions = {
  title: string;
  fromLabel: string;
  toLabel: string;
  /** The wording of each citation's footnote; without it a footnote gives the pinpoint only. */
  citationText?: CitationText;
};

/** Word writes whole seconds (xsd:dateTime without fractions); some readers reject milliseconds. */
const trackedChange = (credit: RedlineCredit) => ({ author: credit.author, date: credit.date.toISOString().replace(/\.\d{3}Z$/, "Z") });

/**
 * The redline as a Word document with real tracked changes: inserted words are `w:ins` runs and
 * deleted words `w:del` runs, each authored and dated by the version that made it (see
 * redline-credits.ts), so Word and LibreOffice show them as changes to accept or reject, by whom
 * and when. Blocks added or removed whole are tracked the same way. Citations are real footnotes
 * whose references are inserted or deleted like the words around them.
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
      attributes: { id: { key: "w:id", value: ++revisionId }, author: { key: "w:author", value: change.author }, date: { key: "w:date", value: change.date } },
      children: [reference],
    });
    return tracked as unknown as ParagraphChild;
  };
  const runsOf = (runs: readonly DocRun[], kind: "equal" | "insert" | "delete", credit: RedlineCredit | null, code: boolean): ParagraphChild[] =>
    runs.flatMap((run) =>
      run.citation ? [footnoteOf(run.citation, kind, credit)] : run.text.split("\n").map((text, i) => {
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

  const paragraphs: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(options.title)] }),
    new Paragraph({ children: [new TextRun({ text: `Redline: ${options.fromLabel} → ${options.toLabel}. ${diff.summaryText}`, italics: true, color: "555555" })] }),
  ];
  diff.blocks.forEach((item, i) => {
    const block = item.type === "removed" ? item.before : item.after;
    if (!block) return;
    const credited = redline.blocks[i];
    const children = content(item, credited, block);
    // A whole block added or removed tracks its paragraph mark too, so accepting leaves no empty line.
    const mark = credited.markCredit ? { id: ++revisionId, ...trackedChange(credited.markCredit) } : undefined;
    const run = item.type === "added" && mark ? { insertion: mark } : item.type === "removed" && mark ? { deletion: mark } : undefined;
    if (block.kind === "heading") paragraphs.push(new Paragraph({ run, heading: HEADINGS[Math.min(6, Math.max(1, block.level ?? 1)) - 1], children }));
    else if (block.kind === "listItem") {
      paragraphs.push(new Paragraph({ run, numbering: { reference: block.ordered ? "redline-numbers" : "redline-bullets", level: Math.min(8, Math.max(0, (block.depth ?? 1) - 1)) }, children }));
    } else if (block.kind === "tableCell") {
      paragraphs.push(new Paragraph({ run, indent: { left: 360 }, children: [new TextRun({ text: `${block.path}: `, color: "777777", size: 16 }), ...children] }));
    } else if (block.kind === "rule") paragraphs.push(new Paragraph({ run, children: [new TextRun("—")] }));
    else paragraphs.push(new Paragraph({ run, indent: block.quoted ? { left: 720 } : undefined, children }));
  });

  const level = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (l: number) => string) =>
    Array.from({ length: 9 }, (_, l) => ({ level: l, format, text: text(l), alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720 * (l + 1), hanging: 360 } } } }));
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
    sections: [{ children: paragraphs }],
  });
  return Packer.toBuffer(doc);
}
