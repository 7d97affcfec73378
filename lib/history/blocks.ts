import type { JSONContent } from "@tiptap/core";

/** What a leaf text block is, for counting ("3 paragraphs changed") and for rendering. */
export type BlockKind = "paragraph" | "heading" | "listItem" | "tableCell" | "codeBlock" | "blockquote" | "rule";

/** Every kind, in the order summaries list them. */
export const BLOCK_KINDS: readonly BlockKind[] = ["paragraph", "heading", "listItem", "tableCell", "codeBlock", "blockquote", "rule"];

/** How people name each kind: [singular, plural]. */
export const BLOCK_KIND_NOUNS: Record<BlockKind, readonly [singular: string, plural: string]> = {
  paragraph: ["paragraph", "paragraphs"],
  heading: ["heading", "headings"],
  listItem: ["list item", "list items"],
  tableCell: ["table cell", "table cells"],
  codeBlock: ["code block", "code blocks"],
  blockquote: ["quote", "quotes"],
  rule: ["horizontal rule", "horizontal rules"],
};

/** A mark on a run of text; `href` only for links. Unknown mark types are kept but not rendered. */
export interface RunMark {
  type: string;
  href?: string;
}

/**
 * A citation's footnote mark in a block's text. It takes one character, CITATION_MARK, so the
 * diff sees it as one atomic token; which source and pinpoint it cites lives on its run.
 */
export const CITATION_MARK = "\uFFFC";

/** What a footnote mark cites, and its footnote number in its own version (document order). */
export interface CitationRef {
  sourceId: string | null;
  pinpoint: string;
  number: number;
}

/**
 * Text sharing one set of marks. A hard break or a paragraph boundary inside a block is a "\n"
 * run; a citation is a run of its own whose text is CITATION_MARK.
 */
export interface TextRun {
  text: string;
  marks: RunMark[];
  citation?: CitationRef;
}

/** Where a table cell sits in its version: table (counted through the document), row and column, from 1. */
export interface CellPosition {
  table: number;
  row: number;
  column: number;
  colspan?: number;
  rowspan?: number;
}

/**
 * One leaf block of a document: the unit the redline aligns, counts and renders.
 * Invariant: `text === runs.map((r) => r.text).join("")`, so word-diff offsets map onto runs.
 */
export interface DocBlock {
  kind: BlockKind;
  /** Heading level 1–6. */
  level?: number;
  /** Readable position in its own version, e.g. "list 2 > item 3" or "table 1, row 2, column 1". */
  path: string;
  text: string;
  runs: TextRun[];
  /** Inside a blockquote (its paragraphs stay kind "paragraph"). */
  quoted?: boolean;
  /** A table header cell. */
  header?: boolean;
  /** The table cell this block is (kind "tableCell") or sits in (a list or code block inside a cell). */
  cell?: CellPosition;
  /** List nesting depth of a list item: 1 for a top-level list. */
  depth?: number;
  /** A list item of an ordered list. */
  ordered?: boolean;
  /** The number an ordered list item shows (the list's `start` plus its position). */
  ordinal?: number;
  /** Code block language, when set. */
  language?: string;
}

interface WalkContext {
  prefix: string[];
  quoted: boolean;
  depth: number;
  /** Shared by the whole walk: footnote marks and tables are numbered through the document. */
  citations: { count: number };
  tables: { count: number };
  /** Inside a table cell: which. */
  cell?: CellPosition;
}

const LIST_TYPES = new Set(["bulletList", "orderedList"]);
const CELL_TYPES = new Set(["tableCell", "tableHeader"]);

/**
 * Flattens a ProseMirror JSON document into its leaf text blocks in reading order. A list item's
 * own paragraphs are one listItem block (nested lists give their own items after it); a table
 * cell's paragraphs are one tableCell block; quoted blocks keep their kind with `quoted: true`.
 */
export function flattenDocument(doc: JSONContent): DocBlock[] {
  const out: DocBlock[] = [];
  walkBlocks(doc.content ?? [], { prefix: [], quoted: false, depth: 0, citations: { count: 0 }, tables: { count: 0 } }, out);
  return out;
}

/**
 * What a citation is, for comparing: source and pinpoint. Its number is left out, so a citation
 * added earlier in the page does not make every later one look changed.
 */
export function citationKey(citation: CitationRef): string {
  return JSON.stringify([citation.sourceId, citation.pinpoint]);
}

/** Offsets of the footnote marks in a block's text. */
export function citationOffsets(block: Pick<DocBlock, "runs">): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const run of block.runs) {
    if (run.citation) offsets.push(offset);
    offset += run.text.length;
  }
  return offsets;
}

/** Whitespace-separated tokens: the unit of the "+N −M words" counts. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/).length;
}

/** The runs covering `text.slice(start, end)`, cut at the boundaries. */
export function sliceRuns(runs: readonly TextRun[], start: number, end: number): TextRun[] {
  const result: TextRun[] = [];
  let offset = 0;
  for (const run of runs) {
    const runEnd = offset + run.text.length;
    if (runEnd > start && offset < end) {
      const text = run.text.slice(Math.max(0, start - offset), Math.min(run.text.length, end - offset));
      if (text) result.push(run.citation ? { ...run } : { text, marks: run.marks });
    }
    offset = runEnd;
    if (offset >= end) break;
  }
  return result;
}

function walkBlocks(nodes: JSONContent[], ctx: WalkContext, out: DocBlock[]): void {
  // Positions are counted per label among siblings, so a path reads like "quote 1 > paragraph 2".
  const counters = new Map<string, number>();
  const next = (label: string): string => {
    const n = (counters.get(label) ?? 0) + 1;
    counters.set(label, n);
    return `${label} ${n}`;
  };
  // Blocks nested in a table cell say which, so a redline can draw them inside it.
  const placement = { ...(ctx.quoted ? { quoted: true } : {}), ...(ctx.cell ? { cell: ctx.cell } : {}) };

  for (const node of nodes) {
    const type = node.type ?? "";
    if (type === "paragraph") {
      out.push({ kind: "paragraph", path: joinPath(ctx.prefix, next("paragraph")), ...textOf([node], ctx), ...placement });
    } else if (type === "heading") {
      const level = clampLevel(node.attrs?.level);
      out.push({ kind: "heading", level, path: joinPath(ctx.prefix, next("heading")), ...textOf([node], ctx), ...placement });
    } else if (type === "codeBlock") {
      const text = (node.content ?? []).map((child) => child.text ?? "").join("");
      const language = typeof node.attrs?.language === "string" && node.attrs.language ? node.attrs.language : undefined;
      out.push({
        kind: "codeBlock",
        path: joinPath(ctx.prefix, next("code")),
        text,
        runs: text ? [{ text, marks: [] }] : [],
        ...(language ? { language } : {}),
        ...placement,
      });
    } else if (type === "horizontalRule") {
      out.push({ kind: "rule", path: joinPath(ctx.prefix, next("rule")), text: "", runs: [], ...placement });
    } else if (type === "blockquote") {
      const path = next("quote");
      const children = node.content ?? [];
      if (children.length === 0) {
        out.push({ kind: "blockquote", path: joinPath(ctx.prefix, path), text: "", runs: [], ...placement, quoted: true });
      } else {
        walkBlocks(children, { ...ctx, prefix: [...ctx.prefix, path], quoted: true }, out);
      }
    } else if (LIST_TYPES.has(type)) {
      walkList(node, [...ctx.prefix, next("list")], ctx, out);
    } else if (type === "table") {
      walkTable(node, next("table"), ctx, out);
    } else if ((node.content ?? []).some((child) => child.type === "text")) {
      // A textblock this code does not know: still show its words rather than lose them.
      out.push({ kind: "paragraph", path: joinPath(ctx.prefix, next("paragraph")), ...textOf([node], ctx), ...placement });
    } else if (node.content) {
      walkBlocks(node.content, ctx, out);
    }
  }
}

function walkList(list: JSONContent, prefix: string[], ctx: WalkContext, out: DocBlock[]): void {
  const ordered = list.type === "orderedList";
  const start = typeof list.attrs?.start === "number" ? list.attrs.start : 1;
  const depth = ctx.depth + 1;
  let index = 0;
  for (const item of list.content ?? []) {
    index += 1;
    const itemPrefix = [...prefix, `item ${index}`];
    const { own, rest } = splitParagraphs(item.content ?? []);
    out.push({
      kind: "listItem",
      path: joinPath(itemPrefix),
      ...textOf(own, ctx),
      depth,
      ...(ordered ? { ordered: true, ordinal: start + index - 1 } : {}),
      ...(ctx.quoted ? { quoted: true } : {}),
      ...(ctx.cell ? { cell: ctx.cell } : {}),
    });
    if (rest.length > 0) walkBlocks(rest, { ...ctx, prefix: itemPrefix, depth }, out);
  }
}

function walkTable(table: JSONContent, label: string, ctx: WalkContext, out: DocBlock[]): void {
  const tableNumber = ++ctx.tables.count;
  let row = 0;
  for (const tableRow of table.content ?? []) {
    row += 1;
    let column = 0;
    for (const cell of tableRow.content ?? []) {
      if (!CELL_TYPES.has(cell.type ?? "")) continue;
      column += 1;
      const position: CellPosition = { table: tableNumber, row, column, ...spans(cell) };
      // Said in words, "table 1, row 2, column 3", because people read it in the redline.
      const cellPrefix = [...ctx.prefix, `${label}, row ${row}, column ${column}`];
      const { own, rest } = splitParagraphs(cell.content ?? []);
      out.push({
        kind: "tableCell",
        path: joinPath(cellPrefix),
        ...textOf(own, ctx),
        ...(cell.type === "tableHeader" ? { header: true } : {}),
        ...(ctx.quoted ? { quoted: true } : {}),
        cell: position,
      });
      if (rest.length > 0) walkBlocks(rest, { ...ctx, prefix: cellPrefix, cell: position }, out);
    }
  }
}

function spans(cell: JSONContent): Pick<CellPosition, "colspan" | "rowspan"> {
  const colspan = Number(cell.attrs?.colspan);
  const rowspan = Number(cell.attrs?.rowspan);
  return { ...(colspan > 1 ? { colspan } : {}), ...(rowspan > 1 ? { rowspan } : {}) };
}

/** A container's own paragraphs (its text) apart from the blocks nested in it (lists, code…). */
function splitParagraphs(children: JSONContent[]): { own: JSONContent[]; rest: JSONContent[] } {
  const own: JSONContent[] = [];
  const rest: JSONContent[] = [];
  for (const child of children) (child.type === "paragraph" ? own : rest).push(child);
  return { own, rest };
}

/** Plain text and marked runs of textblocks, paragraphs separated by "\n". */
function textOf(textblocks: JSONContent[], ctx: WalkContext): { text: string; runs: TextRun[] } {
  const runs: TextRun[] = [];
  textblocks.forEach((block, i) => {
    if (i > 0) pushRun(runs, "\n", []);
    for (const inline of block.content ?? []) {
      if (inline.type === "text" && inline.text) pushRun(runs, inline.text, marksOf(inline));
      else if (inline.type === "hardBreak") pushRun(runs, "\n", []);
      else if (inline.type === "citation")
        runs.push({ text: CITATION_MARK, marks: [], citation: citationOf(inline, ++ctx.citations.count) });
    }
  });
  return { text: runs.map((r) => r.text).join(""), runs };
}

function marksOf(node: JSONContent): RunMark[] {
  const marks = (node.marks ?? []).map((mark): RunMark => {
    const href = mark.attrs?.href;
    return mark.type === "link" && typeof href === "string" ? { type: mark.type, href } : { type: mark.type };
  });
  // A stable order, so equal formatting always compares equal.
  return marks.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

function citationOf(node: JSONContent, number: number): CitationRef {
  const sourceId = typeof node.attrs?.sourceId === "string" && node.attrs.sourceId ? node.attrs.sourceId : null;
  return { sourceId, pinpoint: String(node.attrs?.pinpoint ?? ""), number };
}

function pushRun(runs: TextRun[], text: string, marks: RunMark[]): void {
  const last = runs.at(-1);
  if (last && !last.citation && sameMarks(last.marks, marks)) last.text += text;
  else runs.push({ text, marks });
}

/** True when two sorted mark lists are the same formatting. */
export function sameMarks(a: readonly RunMark[], b: readonly RunMark[]): boolean {
  return a.length === b.length && a.every((mark, i) => mark.type === b[i].type && mark.href === b[i].href);
}

function clampLevel(value: unknown): number {
  const level = typeof value === "number" && Number.isInteger(value) ? value : 1;
  return Math.min(6, Math.max(1, level));
}

function joinPath(prefix: string[], last?: string): string {
  return (last ? [...prefix, last] : prefix).join(" > ");
}
