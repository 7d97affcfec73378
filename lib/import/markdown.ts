import type { JSONContent } from "@tiptap/core";
import { markdownToJSON } from "@/lib/editor/markdown";
import type { ImportedDocument, ImportedNote } from "./html-to-doc";

/** Private-use characters mark a footnote reference through the Markdown parser, which knows no footnotes. */
const REF_OPEN = "\uE000";
const REF_CLOSE = "\uE001";
const DEFINITION = /^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?: {2,}|\t).*)*)/gm;

/**
 * Markdown → our ProseMirror JSON, with GFM footnotes (`[^1]` … `[^1]: text`) as citations: the
 * definitions become notes, each reference a citation node keyed by its label (the import swaps
 * the keys for the ids of the sources it creates).
 */
export function convertMarkdown(markdown: string): ImportedDocument {
  const clean = markdown.replace(/[\uE000\uE001]/g, "");
  const notes: ImportedNote[] = [];
  const body = clean.replace(DEFINITION, (_, label: string, text: string) => {
    notes.push({ key: `md-${label}`, text: text.replace(/\s+/g, " ").trim() });
    return "";
  });
  const known = new Set(notes.map((n) => n.key));
  const marked = body.replace(/\[\^([^\]\s]+)\]/g, (whole, label: string) => (known.has(`md-${label}`) ? `${REF_OPEN}${label}${REF_CLOSE}` : whole));
  return { doc: withCitations(markdownToJSON(marked)), notes };
}

function withCitations(node: JSONContent): JSONContent {
  if (!node.content) return node;
  const content: JSONContent[] = [];
  for (const child of node.content) {
    if (child.type !== "text" || !child.text?.includes(REF_OPEN)) {
      content.push(withCitations(child));
      continue;
    }
    for (const part of child.text.split(new RegExp(`(${REF_OPEN}[^${REF_CLOSE}]*${REF_CLOSE})`))) {
      if (!part) continue;
      if (part.startsWith(REF_OPEN)) content.push({ type: "citation", attrs: { sourceId: `md-${part.slice(1, -1)}`, pinpoint: "" } });
      else content.push({ ...child, text: part });
    }
  }
  return { ...node, content };
}
