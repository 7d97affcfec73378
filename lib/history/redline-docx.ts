import { AlignmentType, DeletedTextRun, Document, HeadingLevel, InsertedTextRun, LevelFormat, Packer, Paragraph, TextRun, type ParagraphChild } from "docx";
import { runOptions } from "@/lib/export/docx-inline";
import { sliceRuns, type DocBlock, type TextRun as DocRun } from "./blocks";
import type { BlockChange, DocumentDiff } from "./diff";
import type { RedlineAuthorship } from "./redline-authorship";

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

export type RedlineDocxOptions = { title: string; fromLabel: string; toLabel: string; authorship: RedlineAuthorship };

/**
 * The redline as a Word document with real tracked changes: inserted words are `w:ins` runs and
 * deleted words `w:del` runs, authored and dated from the history, so Word and LibreOffice show
 * them as changes to accept or reject. Blocks added or removed whole are tracked the same way.
 */
export async function renderRedlineDocx(diff: DocumentDiff, options: RedlineDocxOptions): Promise<Buffer> {
  let revisionId = 0;
  // Word writes whole seconds (xsd:dateTime without fractions); some readers reject milliseconds.
  const change = { author: options.authorship.author, date: options.authorship.date.toISOString().replace(/\.\d{3}Z$/, "Z") };
  const runsOf = (runs: readonly DocRun[], kind: "plain" | "insert" | "delete", code: boolean): ParagraphChild[] =>
    runs.flatMap((run) =>
      run.text.split("\n").map((text, i) => {
        const props = { text, break: i > 0 ? 1 : undefined, ...runOptions(run.marks, code) };
        if (kind === "insert") return new InsertedTextRun({ ...props, id: ++revisionId, ...change });
        if (kind === "delete") return new DeletedTextRun({ ...props, id: ++revisionId, ...change });
        return new TextRun(props);
      }),
    );

  const content = (item: BlockChange, block: DocBlock): ParagraphChild[] => {
    const code = block.kind === "codeBlock";
    if (item.type === "added") return runsOf(item.after?.runs ?? [], "insert", code);
    if (item.type === "removed") return runsOf(item.before?.runs ?? [], "delete", code);
    if (item.type !== "changed" || item.restyled || !item.before || !item.words) return runsOf(block.runs, "plain", code);
    const before = item.before;
    const after = item.after ?? before;
    let beforeAt = 0;
    let afterAt = 0;
    const out: ParagraphChild[] = [];
    for (const word of item.words) {
      const length = word.text.length;
      if (word.type === "equal") {
        out.push(...runsOf(sliceRuns(after.runs, afterAt, afterAt + length), "plain", code));
        beforeAt += length;
        afterAt += length;
      } else if (word.type === "insert") {
        out.push(...runsOf(sliceRuns(after.runs, afterAt, afterAt + length), "insert", code));
        afterAt += length;
      } else {
        out.push(...runsOf(sliceRuns(before.runs, beforeAt, beforeAt + length), "delete", code));
        beforeAt += length;
      }
    }
    return out;
  };

  const paragraphs: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(options.title)] }),
    new Paragraph({ children: [new TextRun({ text: `Redline: ${options.fromLabel} → ${options.toLabel}. ${diff.summaryText}`, italics: true, color: "555555" })] }),
  ];
  for (const item of diff.blocks) {
    const block = item.type === "removed" ? item.before : item.after;
    if (!block) continue;
    const children = content(item, block);
    // A whole block added or removed tracks its paragraph mark too, so accepting leaves no empty line.
    const run = item.type === "added" ? { insertion: { id: ++revisionId, ...change } } : item.type === "removed" ? { deletion: { id: ++revisionId, ...change } } : undefined;
    if (block.kind === "heading") paragraphs.push(new Paragraph({ run, heading: HEADINGS[Math.min(6, Math.max(1, block.level ?? 1)) - 1], children }));
    else if (block.kind === "listItem") {
      paragraphs.push(new Paragraph({ run, numbering: { reference: block.ordered ? "redline-numbers" : "redline-bullets", level: Math.min(8, Math.max(0, (block.depth ?? 1) - 1)) }, children }));
    } else if (block.kind === "tableCell") {
      paragraphs.push(new Paragraph({ run, indent: { left: 360 }, children: [new TextRun({ text: `${block.path}: `, color: "777777", size: 16 }), ...children] }));
    } else if (block.kind === "rule") paragraphs.push(new Paragraph({ run, children: [new TextRun("—")] }));
    else paragraphs.push(new Paragraph({ run, indent: block.quoted ? { left: 720 } : undefined, children }));
  }

  const level = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (l: number) => string) =>
    Array.from({ length: 9 }, (_, l) => ({ level: l, format, text: text(l), alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720 * (l + 1), hanging: 360 } } } }));
  const doc = new Document({
    title: `Redline: ${options.title}`,
    creator: "Opinio",
    // Opening with change tracking on keeps further edits in the reviewer's copy tracked too.
    features: { trackRevisions: true },
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
