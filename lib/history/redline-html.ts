import { isSafeHref } from "@/lib/editor/safe-href";
import { READABLE_TABLE_WRAPPER_HTML } from "@/lib/editor/table-wrapper";
import { BLOCK_KIND_NOUNS, sliceRuns, type CitationRef, type DocBlock, type TextRun } from "./blocks";
import type { CitationText } from "./citation-text";
import type { BlockChange, DocumentDiff, WordChange } from "./diff";
import type { RedlineCredit } from "./redline-authorship";
import type { CreditedBlock } from "./redline-credits";
import { placeInTables } from "./redline-tables";
import { escapeHtml } from "@/lib/html-escape";

/** Labels for the standalone redline's header. */
export interface RedlineDocumentOptions {
  title: string;
  fromLabel: string;
  toLabel: string;
}

/** Per block of the diff, who made each change (from `creditedPageRedline`); shown as tooltips. */
export type RedlineCredits = readonly CreditedBlock<RedlineCredit>[];

export interface RedlineRenderOptions {
  /** Who made each change; shown as tooltips. */
  credits?: RedlineCredits;
  /** The wording of each citation's footnote, shown on its mark; without it the mark shows its pinpoint. */
  citationText?: CitationText;
  /**
   * Render an attribution ("Who wrote this", a redline from the empty page) rather than changes:
   * credited text is a span classed author-N by its author's place in this list (colours cycle
   * through AUTHOR_COLOURS), not an insertion, and blocks are not marked as added.
   */
  authors?: readonly string[];
}

/** How many author colours the stylesheets define (author-0 … author-7). */
export const AUTHOR_COLOURS = 8;

/** Marks rendered as elements, outermost first; anything else shows as plain text. */
const MARK_TAGS: Record<string, string> = { bold: "strong", italic: "em", underline: "u", strike: "s", code: "code" };
const MARK_ORDER = ["link", "bold", "italic", "underline", "strike", "code"];

const BLOCK_CLASSES: Record<BlockChange["type"], string> = {
  unchanged: "",
  changed: "block-changed",
  added: "block-added",
  removed: "block-removed",
  moved: "block-moved",
};

/**
 * The redline as an HTML fragment: one element per block (p, h1–h6, li in ul/ol, td/th in a real table,
 * pre), word edits in <ins>/<del>, whole blocks classed block-added / block-removed / block-moved /
 * block-changed. Citations are footnote marks "[n]" numbered as in their own version, their
 * footnote's wording in the title. Every piece of user text and every attribute is escaped here,
 * so a document can never inject markup; links keep only safe protocols. With `credits`, each
 * <ins>/<del> says in its title who made it, in which version and when.
 */
export function renderRedline(diff: DocumentDiff, options: RedlineRenderOptions = {}): string {
  const { credits } = options;
  const html: string[] = [];
  // What is open, innermost last: a table's row and cell, and a list (inside a cell or not).
  let list: "ul" | "ol" | null = null;
  let cell: "td" | "th" | null = null;
  let row = false;
  let table = false;
  const closeList = () => {
    if (list) html.push(`</${list}>`);
    list = null;
  };
  const closeCell = () => {
    if (!cell) return;
    closeList();
    html.push(`</${cell}>`);
    cell = null;
  };
  const closeRow = () => {
    if (!row) return;
    closeCell();
    html.push("</tr>");
    row = false;
  };
  const closeTable = () => {
    if (!table) return;
    closeRow();
    html.push("</tbody></table></div>");
    table = false;
  };

  const places = placeInTables(diff.blocks);
  diff.blocks.forEach((change, i) => {
    const block = shownBlock(change);
    const place = places[i];
    if (!place || place.newTable) closeTable();
    if (place?.newTable) {
      closeList();
      // Wrapped as the page's own tables are, so a wide one scrolls in its box (app/globals.css).
      html.push(`<div${READABLE_TABLE_WRAPPER_HTML}><table class="redline-table"><tbody>`);
      table = true;
    }
    if (place?.newRow) {
      closeRow();
      html.push("<tr>");
      row = true;
    }
    if (place?.newCell) {
      closeCell();
      cell = block.kind === "tableCell" && block.header ? "th" : "td";
      html.push(`<${cell}${cellAttributes(change, block, options.authors !== undefined)}>`);
    }
    const wanted = block.kind === "listItem" ? (block.ordered ? "ol" : "ul") : null;
    if (wanted !== list) {
      closeList();
      if (wanted) html.push(`<${wanted} class="redline-list">`);
      list = wanted;
    }
    html.push(
      renderBlock(change, block, credits?.[i], {
        code: block.kind === "codeBlock",
        citationText: options.citationText,
        authors: options.authors,
      }),
    );
  });
  closeTable();
  closeList();
  return html.join("\n");
}

/** A table cell's class (what happened to it) and spans; a block nested in a cell leaves it plain. */
function cellAttributes(change: BlockChange, block: DocBlock, attribution: boolean): string {
  if (block.kind !== "tableCell") return "";
  const spans = `${block.cell?.colspan ? ` colspan="${block.cell.colspan}"` : ""}${block.cell?.rowspan ? ` rowspan="${block.cell.rowspan}"` : ""}`;
  return `${classPart([attribution ? "" : BLOCK_CLASSES[change.type], block.quoted ? "quoted" : ""])}${spans}`;
}

/** A standalone, self-contained HTML redline (inline CSS, no scripts) for download or print. */
export function renderRedlineDocument(diff: DocumentDiff, options: RedlineDocumentOptions, render: RedlineRenderOptions = {}): string {
  const title = escapeHtml(options.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Redline: ${title}</title>
<style>${REDLINE_CSS}</style>
</head>
<body>
<header class="redline-header">
<h1>${title}</h1>
<p class="redline-versions">Comparing <span class="redline-from">${escapeHtml(options.fromLabel)}</span> → <span class="redline-to">${escapeHtml(options.toLabel)}</span></p>
<p class="redline-summary">${escapeHtml(diff.summaryText)}</p>
<p class="redline-legend"><ins>inserted</ins> <del>deleted</del> <span class="redline-label">moved</span></p>
</header>
<main class="redline">
${renderRedline(diff, render)}
</main>
</body>
</html>
`;
}

/** The version of a block a reader sees: the old one only when it was removed. */
function shownBlock(change: BlockChange): DocBlock {
  const block = change.type === "removed" ? change.before : change.after;
  if (!block) throw new Error(`A ${change.type} block change has no block to show`);
  return block;
}

function renderBlock(change: BlockChange, block: DocBlock, credited: CreditedBlock<RedlineCredit> | undefined, style: RunStyle): string {
  const classes = [style.authors ? "" : BLOCK_CLASSES[change.type]];
  if (block.quoted) classes.push("quoted");
  const label = labelFor(change);
  const labelHtml = label ? `<span class="redline-label">${escapeHtml(label)}</span> ` : "";

  if (block.kind === "rule") {
    if (change.type === "unchanged") return "<hr>";
    return `<div class="${classAttr([...classes, "redline-rule"])}"><span class="redline-label">${escapeHtml(label ?? `Horizontal rule ${change.type}`)}</span><hr></div>`;
  }

  const body = labelHtml + renderContent(change, style, credited);
  switch (block.kind) {
    case "heading": {
      const tag = `h${Math.min(6, Math.max(1, Math.trunc(block.level ?? 1)))}`;
      return `<${tag}${classPart(classes)}>${body}</${tag}>`;
    }
    case "listItem": {
      if (block.depth && block.depth > 1) classes.push(`depth-${Math.min(block.depth, 6)}`);
      const value = block.ordered && Number.isInteger(block.ordinal) ? ` value="${block.ordinal}"` : "";
      return `<li${classPart(classes)}${value}>${body}</li>`;
    }
    case "tableCell":
      // The cell element around it (see renderRedline) carries its class.
      return body;
    case "codeBlock": {
      const language = block.language ? ` data-language="${escapeHtml(block.language)}"` : "";
      return `<pre${classPart(classes)}${language}><code>${body}</code></pre>`;
    }
    case "blockquote":
      return `<blockquote${classPart(classes)}>${body}</blockquote>`;
    default:
      return `<p${classPart(classes)}>${body}</p>`;
  }
}

function labelFor(change: BlockChange): string | null {
  if (change.type === "moved") return `Moved from ${change.movedFrom ?? change.before?.path ?? "elsewhere"}`;
  if (change.type === "changed" && change.restyled && change.before && change.after) {
    const { before, after } = change;
    return before.kind !== after.kind || before.level !== after.level ? `Was ${describeBlock(before)}` : "Formatting changed";
  }
  return null;
}

function describeBlock(block: DocBlock): string {
  return block.kind === "heading" ? `heading ${block.level ?? 1}` : BLOCK_KIND_NOUNS[block.kind][0];
}

/** A piece of a block's redline; a credit when it is known who made it. */
type Piece = WordChange & { credit?: RedlineCredit | null };

/** How runs render: inside a code block or not, how citations are worded, and whether as an attribution. */
interface RunStyle {
  code: boolean;
  citationText?: CitationText;
  authors?: readonly string[];
}

function renderContent(change: BlockChange, style: RunStyle, credited: CreditedBlock<RedlineCredit> | undefined): string {
  const { before, after } = change;
  if (change.type === "added" || change.type === "removed") {
    const block = (after ?? before)!;
    const type = change.type === "added" ? "insert" : "delete";
    const pieces: Piece[] = credited?.pieces ?? (block.text ? [{ type, text: block.text }] : []);
    const tag = change.type === "added" ? "ins" : "del";
    const html = renderPieces(pieces, block, block, style);
    // An empty table cell added or removed is the shaded cell itself (a new row or column has
    // many); an empty paragraph, which would not show, is marked with a pilcrow.
    if (html || style.authors || block.kind === "tableCell") return html;
    return `<${tag}${creditTitle(credited?.markCredit)}><span class="redline-empty">¶</span></${tag}>`;
  }
  if (change.type === "changed" && !change.restyled && before && change.words) {
    return renderPieces(credited?.pieces ?? change.words, before, after ?? before, style);
  }
  return renderRuns(after?.runs ?? [], style);
}

/** Word edits over the runs of each side, so kept and edited text keep their formatting. */
function renderPieces(pieces: readonly Piece[], before: DocBlock, after: DocBlock, style: RunStyle): string {
  let beforeAt = 0;
  let afterAt = 0;
  let html = "";
  for (const piece of pieces) {
    const length = piece.text.length;
    if (piece.type === "equal") {
      html += renderRuns(sliceRuns(after.runs, afterAt, afterAt + length), style);
      beforeAt += length;
      afterAt += length;
    } else if (piece.type === "insert") {
      const inserted = renderRuns(sliceRuns(after.runs, afterAt, afterAt + length), style);
      html += style.authors ? authoredSpan(inserted, piece.credit, style.authors) : `<ins${creditTitle(piece.credit)}>${inserted}</ins>`;
      afterAt += length;
    } else {
      html += `<del${creditTitle(piece.credit)}>${renderRuns(sliceRuns(before.runs, beforeAt, beforeAt + length), style)}</del>`;
      beforeAt += length;
    }
  }
  return html;
}

/** Text in an attribution: coloured by its author, who wrote it when in the title. */
function authoredSpan(html: string, credit: RedlineCredit | null | undefined, authors: readonly string[]): string {
  const index = credit ? authors.indexOf(credit.author) : -1;
  return `<span class="authored${index >= 0 ? ` author-${index % AUTHOR_COLOURS}` : ""}"${creditTitle(credit)}>${html}</span>`;
}

// Built once: constructing a date formatter costs more than formatting with it.
const CREDIT_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

/** ` title="Alice Example, version 2, 3 Mar 2027, 10:15 UTC"`, or nothing without a credit. */
function creditTitle(credit: RedlineCredit | null | undefined): string {
  if (!credit) return "";
  return ` title="${escapeHtml(`${credit.author}, ${credit.label}, ${CREDIT_DATE.format(credit.date)} UTC`)}"`;
}

function renderRuns(runs: readonly TextRun[], style: RunStyle): string {
  return runs.map((run) => (run.citation ? renderCitation(run.citation, style.citationText) : renderRun(run, style.code))).join("");
}

/** A footnote mark: its number in its own version, and what it cites in the title. */
function renderCitation(citation: CitationRef, citationText: CitationText | undefined): string {
  const wording = citationText
    ? citationText(citation)
        .map((run) => run.text)
        .join("")
    : citation.pinpoint
      ? `(${citation.pinpoint})`
      : "";
  const title = `Footnote ${citation.number}${wording ? `: ${wording}` : ""}`;
  return `<sup class="redline-citation" title="${escapeHtml(title)}">[${citation.number}]</sup>`;
}

function renderRun(run: TextRun, code: boolean): string {
  // Inside <pre> newlines are text; elsewhere they are hard breaks or paragraph boundaries.
  let html = code ? escapeHtml(run.text) : run.text.split("\n").map(escapeHtml).join("<br>");
  const marks = [...run.marks].sort((a, b) => MARK_ORDER.indexOf(b.type) - MARK_ORDER.indexOf(a.type));
  for (const mark of marks) {
    if (mark.type === "link") {
      if (mark.href && isSafeHref(mark.href)) {
        html = `<a href="${escapeHtml(mark.href.trim())}" rel="noopener noreferrer nofollow">${html}</a>`;
      }
    } else if (MARK_TAGS[mark.type]) {
      const tag = MARK_TAGS[mark.type];
      html = `<${tag}>${html}</${tag}>`;
    }
  }
  return html;
}

function classPart(classes: string[]): string {
  const value = classAttr(classes);
  return value ? ` class="${value}"` : "";
}

function classAttr(classes: string[]): string {
  return classes.filter(Boolean).join(" ");
}

const REDLINE_CSS = `
body { font-family: Georgia, "Times New Roman", Times, serif; font-size: 17px; line-height: 1.6; color: #1f1f1f; background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
.redline-header { border-bottom: 1px solid #d0d0d0; margin-bottom: 1.5rem; padding-bottom: .75rem; }
.redline-header h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
.redline-versions, .redline-summary, .redline-legend { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: .875rem; margin: .25rem 0; color: #444; }
.redline-summary { font-weight: 600; color: #1f1f1f; }
ins { color: #0b6b2e; background: #e7f5ec; text-decoration: underline; text-decoration-thickness: 1px; }
del { color: #b42318; background: #fdecea; text-decoration: line-through; }
.block-added, .block-removed, .block-moved, .block-changed { border-left: 3px solid transparent; padding-left: .6rem; }
.block-added { border-left-color: #1a7f37; }
.block-removed { border-left-color: #cf222e; }
.block-moved { border-left-color: #0969da; }
.block-changed { border-left-color: #bf8700; }
.redline-label { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: .7rem; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; color: #0969da; background: #ddf4ff; border-radius: 3px; padding: 0 .3rem; vertical-align: middle; }
.redline-empty { color: #888; }
.quoted { border-left: 3px solid #d0d0d0; padding-left: .75rem; color: #444; font-style: italic; }
.redline-list { padding-left: 1.5rem; }
.depth-2 { margin-left: 1.5rem; } .depth-3 { margin-left: 3rem; } .depth-4 { margin-left: 4.5rem; } .depth-5 { margin-left: 6rem; } .depth-6 { margin-left: 7.5rem; }
.redline-table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
.redline-table td, .redline-table th { border: 1px solid #d0d0d0; padding: .35rem .6rem; vertical-align: top; text-align: left; }
.redline-table th { background: #f6f6f6; }
.redline-table .block-added { background: #e7f5ec; } .redline-table .block-removed { background: #fdecea; } .redline-table .block-changed { background: #fff8e1; } .redline-table .block-moved { background: #ddf4ff; }
.redline-citation { font-size: .75em; color: #9a3412; font-weight: 600; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; font-size: .85rem; }
a { color: inherit; }
@media print { body { margin: 0; max-width: none; } ins, del, .redline-label { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;
