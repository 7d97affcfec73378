import type { JSONContent } from "@tiptap/core";
import { isSafeHref } from "@/lib/editor/safe-href";
import { textContent, type HtmlElement, type HtmlNode } from "./html-tree";

/** A footnote of the imported file: its number in the file and its text. */
export type ImportedNote = { key: string; text: string };

/**
 * The converted body (a placeholder citation per footnote reference, keyed by the note), its
 * footnotes, and the title the file gives itself, if it gives one (a Markdown file's leading H1).
 */
export type ImportedDocument = { doc: JSONContent; notes: ImportedNote[]; title?: string };

const NOTE_ID = /^(footnote|endnote)-(\d+)$/;
const NOTE_REF = /^#((?:footnote|endnote)-\d+)$/;
const MARKS: Record<string, string> = {
  strong: "bold",
  b: "bold",
  em: "italic",
  i: "italic",
  u: "underline",
  s: "strike",
  del: "strike",
  strike: "strike",
  code: "code",
};
const HEADING = /^h([1-6])$/;

type Mark = { type: string; attrs?: Record<string, unknown> };

function isElement(node: HtmlNode): node is HtmlElement {
  return typeof node !== "string";
}

/** Mammoth lists notes as `<li id="footnote-N">` with a back link "↑"; the link is not note text. */
function noteText(li: HtmlElement): string {
  const strip = (node: HtmlNode): string =>
    typeof node === "string" ? node : node.tag === "a" && (node.attrs.href ?? "").startsWith("#") ? "" : node.children.map(strip).join("");
  return strip(li).replace(/\s+/g, " ").trim();
}

/** Takes the note lists out of the tree (they become sources, not text) and returns the notes. */
function extractNotes(root: HtmlElement): ImportedNote[] {
  const notes: ImportedNote[] = [];
  const visit = (element: HtmlElement) => {
    element.children = element.children.filter((child) => {
      if (!isElement(child)) return true;
      if ((child.tag === "ol" || child.tag === "ul") && child.children.some((li) => isElement(li) && NOTE_ID.test(li.attrs.id ?? ""))) {
        for (const li of child.children)
          if (isElement(li) && NOTE_ID.test(li.attrs.id ?? "")) notes.push({ key: li.attrs.id, text: noteText(li) });
        return false;
      }
      visit(child);
      return true;
    });
  };
  visit(root);
  return notes;
}

/**
 * Mammoth's HTML (headings, paragraphs, lists, tables, links, bold/italic/underline/strike,
 * footnote references) as a document of the shared schema. Footnote references become citation
 * nodes whose sourceId is the note's key ("footnote-3"); the import replaces the keys with the
 * ids of the sources it creates. Anything else (images, unknown tags) keeps only its text.
 */
export function htmlTreeToDocument(root: HtmlElement): ImportedDocument {
  const notes = extractNotes(root);
  const known = new Set(notes.map((n) => n.key));

  const inline = (nodes: HtmlNode[], marks: Mark[]): JSONContent[] => {
    const out: JSONContent[] = [];
    for (const node of nodes) {
      if (!isElement(node)) {
        const text = node.replace(/[\r\n\t]+/g, " ");
        if (text) out.push(marks.length ? { type: "text", text, marks } : { type: "text", text });
        continue;
      }
      const ref = node.tag === "a" ? NOTE_REF.exec(node.attrs.href ?? "") : null;
      if (ref && known.has(ref[1])) {
        out.push({ type: "citation", attrs: { sourceId: ref[1], pinpoint: "" } });
        continue;
      }
      if (
        node.tag === "sup" &&
        node.children.length === 1 &&
        isElement(node.children[0]) &&
        NOTE_REF.test(node.children[0].attrs.href ?? "")
      ) {
        out.push(...inline(node.children, marks));
        continue;
      }
      if (node.tag === "br") out.push({ type: "hardBreak" });
      else if (MARKS[node.tag]) out.push(...inline(node.children, addMark(marks, { type: MARKS[node.tag] })));
      else if (node.tag === "a" && node.attrs.href && isSafeHref(node.attrs.href) && !node.attrs.href.startsWith("#")) {
        out.push(...inline(node.children, addMark(marks, { type: "link", attrs: { href: node.attrs.href.trim() } })));
      } else out.push(...inline(node.children, marks));
    }
    return mergeText(out);
  };

  const paragraph = (nodes: HtmlNode[]): JSONContent => {
    const content = inline(nodes, []);
    return content.length ? { type: "paragraph", content } : { type: "paragraph" };
  };

  const blocks = (nodes: HtmlNode[]): JSONContent[] => {
    const out: JSONContent[] = [];
    let loose: HtmlNode[] = [];
    const flush = () => {
      if (loose.some((n) => (isElement(n) ? true : n.trim() !== ""))) out.push(paragraph(loose));
      loose = [];
    };
    for (const node of nodes) {
      if (!isElement(node)) {
        loose.push(node);
        continue;
      }
      const heading = HEADING.exec(node.tag);
      if (heading) {
        flush();
        const content = inline(node.children, []);
        out.push({ type: "heading", attrs: { level: Number(heading[1]) }, ...(content.length ? { content } : {}) });
      } else if (node.tag === "p") {
        flush();
        out.push(paragraph(node.children));
      } else if (node.tag === "ul" || node.tag === "ol") {
        flush();
        const items = node.children
          .filter(isElement)
          .filter((li) => li.tag === "li")
          .map((li) => ({ type: "listItem", content: listItemContent(li) }));
        if (items.length) out.push({ type: node.tag === "ol" ? "orderedList" : "bulletList", content: items });
      } else if (node.tag === "table") {
        flush();
        const table = tableOf(node);
        if (table) out.push(table);
      } else if (node.tag === "blockquote") {
        flush();
        const content = blocks(node.children);
        out.push({ type: "blockquote", content: content.length ? content : [{ type: "paragraph" }] });
      } else if (node.tag === "pre") {
        flush();
        const text = textContent(node);
        out.push({ type: "codeBlock", ...(text ? { content: [{ type: "text", text }] } : {}) });
      } else if (node.tag === "hr") {
        flush();
        out.push({ type: "horizontalRule" });
      } else if (["div", "section", "article", "body", "thead", "tbody"].includes(node.tag)) {
        flush();
        out.push(...blocks(node.children));
      } else loose.push(node);
    }
    flush();
    return out;
  };

  /** A list item is a paragraph first (the schema requires it), then its nested lists and paragraphs. */
  const listItemContent = (li: HtmlElement): JSONContent[] => {
    const content = blocks(li.children);
    return content[0]?.type === "paragraph" ? content : [{ type: "paragraph" }, ...content];
  };

  const tableOf = (table: HtmlElement): JSONContent | null => {
    const rows: HtmlElement[] = [];
    const collect = (element: HtmlElement) =>
      element.children
        .filter(isElement)
        .forEach((child) => (child.tag === "tr" ? rows.push(child) : ["thead", "tbody", "tfoot"].includes(child.tag) && collect(child)));
    collect(table);
    const tableRows = rows
      .map((row) => ({
        type: "tableRow",
        content: row.children
          .filter(isElement)
          .filter((cell) => cell.tag === "td" || cell.tag === "th")
          .map((cell) => {
            const content = blocks(cell.children).filter(
              (b) => b.type === "paragraph" || b.type === "heading" || b.type === "bulletList" || b.type === "orderedList",
            );
            const attrs: Record<string, number> = {};
            if (Number(cell.attrs.colspan) > 1) attrs.colspan = Math.min(50, Number(cell.attrs.colspan));
            if (Number(cell.attrs.rowspan) > 1) attrs.rowspan = Math.min(500, Number(cell.attrs.rowspan));
            return {
              type: cell.tag === "th" ? "tableHeader" : "tableCell",
              ...(Object.keys(attrs).length ? { attrs } : {}),
              content: content.length ? content : [{ type: "paragraph" }],
            };
          }),
      }))
      .filter((row) => row.content.length);
    return tableRows.length ? { type: "table", content: tableRows } : null;
  };

  const content = blocks(root.children);
  return { doc: { type: "doc", content: content.length ? content : [{ type: "paragraph" }] }, notes };
}

function addMark(marks: Mark[], mark: Mark): Mark[] {
  return marks.some((m) => m.type === mark.type) ? marks : [...marks, mark];
}

/** Neighbouring text nodes with the same marks become one (mammoth splits runs freely). */
function mergeText(nodes: JSONContent[]): JSONContent[] {
  const out: JSONContent[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (node.type === "text" && last?.type === "text" && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? []))
      last.text = (last.text ?? "") + (node.text ?? "");
    else out.push({ ...node });
  }
  return out;
}
