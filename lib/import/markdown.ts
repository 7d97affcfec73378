import type { JSONContent } from "@tiptap/core";
import type { CitationAttrs } from "@/lib/editor/citation";
import { markdownToJSON, markdownWithCitationsToJSON } from "@/lib/editor/markdown";
import type { ImportedDocument, ImportedNote } from "./html-to-doc";

const DEFINITION = /^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?: {2,}|\t).*)*)/gm;
const REFERENCE = /\[\^([^\]\n]+)\]/g;
const REGISTRY_MARKER = /^cite:([a-z0-9-]+)(?:,\s*(.*))?$/;

/** Resolves a `[^cite:key, pinpoint]` marker to a citation of a source already in the registry. */
export type RegistryCitation = (key: string, pinpoint: string) => CitationAttrs | null;

/**
 * Markdown → our ProseMirror JSON: the one conversion for every way Markdown becomes a page (the
 * API's `markdown`, an imported .md file, the demo wiki). GFM footnotes (`[^1]` … `[^1]: text`)
 * become notes, each reference a citation node keyed by its label (the page's creation swaps the
 * keys for the ids of the sources it makes of the notes). `[^cite:key, pinpoint]` cites a registry
 * source directly when `registry` knows the key. Any other `[^…]` stays the text it is.
 */
export function convertMarkdown(markdown: string, registry?: RegistryCitation): ImportedDocument {
  const notes: ImportedNote[] = [];
  const body = markdown.replace(DEFINITION, (_, label: string, text: string) => {
    notes.push({ key: `md-${label}`, text: inlineMarkdownText(text) });
    return "";
  });
  const known = new Set(notes.map((n) => n.key));
  const doc = markdownWithCitationsToJSON(body, REFERENCE, ([, label]) => {
    const cite = registry ? REGISTRY_MARKER.exec(label) : null;
    if (cite) return registry!(cite[1], (cite[2] ?? "").trim());
    return known.has(`md-${label}`) ? { sourceId: `md-${label}`, pinpoint: "" } : null;
  });
  const title = leadingTitle(doc);
  return title ? { doc, notes, title } : { doc, notes };
}

/**
 * A note's text as the plain text it reads as: a source title holds no formatting, so
 * `*Corfu Channel*` becomes "Corfu Channel" and a link its words, not literal asterisks and brackets.
 */
function inlineMarkdownText(markdown: string): string {
  const line = markdown.replace(/\s+/g, " ").trim();
  return plainText(markdownToJSON(escapeBlockStart(line)))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A note is one run of text, never a list or a heading: "2015. Report" or "- see above" would
 * lose their first characters to the block parser, so the marker is escaped and stays text.
 */
function escapeBlockStart(line: string): string {
  return line.replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2").replace(/^([#>+\-*])(?=\s|$)/, "\\$1");
}

function plainText(node: JSONContent): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "wikiLink") return String(node.attrs?.title ?? "");
  return (node.content ?? []).map(plainText).join(node.type === "doc" ? " " : "");
}

/** The text of the `# H1` a document starts with: a file that opens with one names itself by it. */
function leadingTitle(doc: JSONContent): string | undefined {
  const first = doc.content?.[0];
  // A heading that cites something is content: as a title it would lose its footnote.
  if (first?.type !== "heading" || first.attrs?.level !== 1 || first.content?.some((n) => n.type === "citation")) return undefined;
  return plainText(first).replace(/\s+/g, " ").trim() || undefined;
}

/**
 * The page body under `title`: without the leading H1 when that heading is the title (the page
 * shows its title above the body already), else the document as it is.
 */
export function bodyUnderTitle(imported: ImportedDocument, title: string): JSONContent {
  if (!imported.title || imported.title !== title.trim()) return imported.doc;
  const rest = imported.doc.content!.slice(1);
  return { ...imported.doc, content: rest.length ? rest : [{ type: "paragraph" }] };
}
