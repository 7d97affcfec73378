import path from "node:path";
import type { JSONContent } from "@tiptap/core";
import pdfmake from "pdfmake";
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces";
import type { Footnote } from "@/lib/citations/footnotes";
import { isSafeHref } from "@/lib/editor/safe-href";
import type { ExportBundle, ExportChapter } from "./bundle";
import { shiftedHeadingLevel } from "./headings";

/*
 * Why pdfmake: it lays out and writes the PDF in-process with the fonts it ships (Roboto), so a
 * PDF export works wherever `npm install` worked. Converting our DOCX with LibreOffice would give
 * footnotes at the page bottom, but would make every server need a 300 MB office suite and a
 * child process per export. pdfmake cannot place footnotes at the bottom of the page they are
 * cited on, so each chapter ends with its notes (an accepted endnote layout).
 */
const FONT_DIR = path.join(process.cwd(), "node_modules", "pdfmake", "fonts", "Roboto");
let configured = false;

function configure(): void {
  if (configured) return;
  pdfmake.setFonts({
    Roboto: {
      normal: path.join(FONT_DIR, "Roboto-Regular.ttf"),
      bold: path.join(FONT_DIR, "Roboto-Medium.ttf"),
      italics: path.join(FONT_DIR, "Roboto-Italic.ttf"),
      bolditalics: path.join(FONT_DIR, "Roboto-MediumItalic.ttf"),
    },
  });
  // Exports never fetch anything: no remote images or fonts, and only the font files locally.
  pdfmake.setUrlAccessPolicy(() => false);
  (pdfmake as unknown as { setLocalAccessPolicy?: (check: (file: string) => boolean) => void }).setLocalAccessPolicy?.((file) =>
    path.resolve(file).startsWith(FONT_DIR),
  );
  configured = true;
}

type Inline = Exclude<Content, string> & Record<string, unknown>;
type Marks = { type: string; attrs?: Record<string, unknown> }[] | undefined;

const HEADING_SIZES = [20, 16, 14, 12.5, 11.5, 11];

class ChapterPdf {
  private citationIndex = 0;
  readonly notes: { number: number; footnote: Footnote }[] = [];

  constructor(
    private readonly chapter: ExportChapter,
    private readonly nextNumber: () => number,
  ) {}

  inline(nodes: JSONContent[] | undefined, code = false): Inline[] {
    const out: Inline[] = [];
    for (const node of nodes ?? []) {
      if (node.type === "text") out.push(this.text(node.text ?? "", node.marks as Marks, code));
      else if (node.type === "hardBreak") out.push({ text: "\n" });
      else if (node.type === "wikiLink") out.push({ text: String(node.attrs?.title ?? "") });
      else if (node.type === "citation") {
        const footnote = this.chapter.footnotes[this.citationIndex++];
        if (!footnote) continue;
        const number = this.nextNumber();
        this.notes.push({ number, footnote });
        out.push({ text: String(number), sup: true });
      } else if (node.content) out.push(...this.inline(node.content, code));
    }
    return out;
  }

  private text(text: string, marks: Marks, code: boolean): Inline {
    const types = new Set((marks ?? []).map((m) => m.type));
    const decoration = [types.has("underline") ? "underline" : null, types.has("strike") ? "lineThrough" : null].filter(Boolean) as (
      "underline" | "lineThrough"
    )[];
    const link = (marks ?? []).find((m) => m.type === "link");
    const href =
      typeof link?.attrs?.href === "string" && isSafeHref(link.attrs.href) && /^(https?|mailto):/i.test(link.attrs.href.trim())
        ? link.attrs.href.trim()
        : undefined;
    return {
      text,
      bold: types.has("bold") || undefined,
      italics: types.has("italic") || undefined,
      decoration: decoration.length ? decoration : undefined,
      background: code || types.has("code") ? "#f0f0f0" : undefined,
      link: href,
      color: href ? "#1a4f8b" : undefined,
    } as Inline;
  }

  blocks(nodes: JSONContent[] | undefined): Content[] {
    return (nodes ?? []).flatMap((node) => this.block(node));
  }

  private block(node: JSONContent): Content[] {
    switch (node.type) {
      case "heading": {
        const level = shiftedHeadingLevel(node.attrs?.level);
        return [
          {
            text: this.inline(node.content),
            bold: true,
            fontSize: HEADING_SIZES[level - 1],
            margin: [0, 10, 0, 4],
            headlineLevel: level,
          } as Content,
        ];
      }
      case "paragraph":
        return [{ text: this.inline(node.content), margin: [0, 0, 0, 6] } as Content];
      case "blockquote":
        return [{ stack: this.blocks(node.content), margin: [18, 0, 0, 6], italics: true, color: "#444444" } as Content];
      case "codeBlock":
        return [
          {
            text: (node.content ?? []).map((c) => c.text ?? "").join(""),
            fontSize: 9,
            background: "#f0f0f0",
            margin: [0, 0, 0, 6],
            preserveLeadingSpaces: true,
          } as Content,
        ];
      case "horizontalRule":
        return [
          {
            canvas: [{ type: "line", x1: 0, y1: 0, x2: 515, y2: 0, lineWidth: 0.5, lineColor: "#999999" }],
            margin: [0, 6, 0, 6],
          } as Content,
        ];
      case "bulletList":
      case "orderedList": {
        const items = (node.content ?? []).map((item) => ({ stack: this.blocks(item.content) }));
        return [
          (node.type === "orderedList"
            ? { ol: items, start: Number(node.attrs?.start) || 1, margin: [0, 0, 0, 6] }
            : { ul: items, margin: [0, 0, 0, 6] }) as Content,
        ];
      }
      case "table": {
        const body = (node.content ?? []).map((row) =>
          (row.content ?? []).map((cell) => ({
            stack: this.blocks(cell.content),
            fillColor: cell.type === "tableHeader" ? "#efefef" : undefined,
            bold: cell.type === "tableHeader" || undefined,
          })),
        );
        const width = Math.max(1, ...body.map((r) => r.length));
        const padded = body.map((r) => [...r, ...Array.from({ length: width - r.length }, () => ({ text: "" }))]);
        return padded.length ? [{ table: { widths: Array(width).fill("*"), body: padded }, margin: [0, 0, 0, 8] } as Content] : [];
      }
      default:
        return node.content ? this.blocks(node.content) : [];
    }
  }
}

/** The export as a print-ready A4 PDF: page numbers in the footer, each chapter's notes after it. */
export async function renderPdf(bundle: ExportBundle): Promise<Buffer> {
  configure();
  let lastNumber = 0;
  const content: Content[] = [];
  bundle.chapters.forEach((chapter, index) => {
    const writer = new ChapterPdf(chapter, () => ++lastNumber);
    content.push({
      text: chapter.title,
      bold: true,
      fontSize: HEADING_SIZES[0] + 2,
      margin: [0, 0, 0, 10],
      pageBreak: index > 0 ? "before" : undefined,
    } as Content);
    content.push(...writer.blocks(chapter.json.content));
    if (writer.notes.length) {
      content.push({ text: "Notes", bold: true, fontSize: 12, margin: [0, 14, 0, 4] } as Content);
      content.push({
        stack: writer.notes.map(({ number, footnote }) => ({
          text: [{ text: `${number}  ` }, ...footnote.runs.map((r) => ({ text: r.text, italics: r.italic || undefined }))],
          fontSize: 9,
          margin: [0, 0, 0, 2],
        })),
      } as Content);
    }
  });
  const definition: TDocumentDefinitions = {
    info: { title: bundle.title, creator: "Opinio" },
    pageSize: "A4",
    pageMargins: [60, 60, 60, 60],
    defaultStyle: { font: "Roboto", fontSize: 11, lineHeight: 1.25 },
    footer: (current: number, total: number) => ({
      text: `Page ${current} of ${total}`,
      alignment: "center",
      fontSize: 9,
      color: "#555555",
      margin: [0, 20, 0, 0],
    }),
    content,
  };
  const buffer = await pdfmake.createPdf(definition).getBuffer();
  return Buffer.from(buffer);
}
