import type { JSONContent } from "@tiptap/core";
import { markdownWithCitationsToJSON } from "@/lib/editor/markdown";
import type { ImportedDocument, ImportedNote } from "./html-to-doc";

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
  // A reference without a definition is not a footnote: it stays as the text it is.
  const doc: JSONContent = markdownWithCitationsToJSON(body, /\[\^([^\]\s]+)\]/g, (match) => (known.has(`md-${match[1]}`) ? { sourceId: `md-${match[1]}`, pinpoint: "" } : null));
  return { doc, notes };
}
