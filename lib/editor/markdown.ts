import type { JSONContent } from "@tiptap/core";
import { MarkdownManager } from "@tiptap/markdown";
import type { CitationAttrs } from "./citation";
import { EMPTY_DOC, parseDocJSON } from "./document";
import { schemaExtensions } from "./extensions";

let manager: MarkdownManager | undefined;

/** Markdown (CommonMark + GFM tables) to ProseMirror JSON in the shared schema. */
export function markdownToJSON(markdown: string): JSONContent {
  manager ??= new MarkdownManager({ extensions: schemaExtensions() });
  const json = manager.parse(markdown) as JSONContent;
  const doc: JSONContent = json.content && json.content.length ? json : EMPTY_DOC;
  parseDocJSON(doc);
  return doc;
}

/** Private-use characters carry a citation's place through the Markdown parser, which knows no citations. */
const MARK_OPEN = "\uE000";
const MARK_CLOSE = "\uE001";
const PLACED = new RegExp(`(${MARK_OPEN}\\d+${MARK_CLOSE})`);

/**
 * Markdown with citation markers in its own syntax (GFM footnote references for an import,
 * `[^cite:key, pinpoint]` in the demo wiki): each match of `marker` for which `citationFor` gives
 * attributes becomes a citation node where it stood; a match it declines stays text. A citation
 * may land where the schema allows none (inside a code block): callers validate the result.
 */
export function markdownWithCitationsToJSON(markdown: string, marker: RegExp, citationFor: (match: RegExpMatchArray) => CitationAttrs | null): JSONContent {
  const clean = markdown.replace(/[\uE000\uE001]/g, "");
  const citations: CitationAttrs[] = [];
  let placed = "";
  let from = 0;
  for (const match of clean.matchAll(new RegExp(marker.source, marker.flags.includes("g") ? marker.flags : `${marker.flags}g`))) {
    const attrs = citationFor(match);
    if (!attrs) continue;
    placed += `${clean.slice(from, match.index)}${MARK_OPEN}${citations.push(attrs) - 1}${MARK_CLOSE}`;
    from = match.index + match[0].length;
  }
  return withCitationNodes(markdownToJSON(placed + clean.slice(from)), citations);
}

function withCitationNodes(node: JSONContent, citations: CitationAttrs[]): JSONContent {
  if (!node.content) return node;
  const content: JSONContent[] = [];
  for (const child of node.content) {
    if (child.type !== "text" || !child.text?.includes(MARK_OPEN)) {
      content.push(withCitationNodes(child, citations));
      continue;
    }
    for (const part of child.text.split(PLACED)) {
      if (!part) continue;
      const placed = PLACED.test(part) ? citations[Number(part.slice(1, -1))] : undefined;
      content.push(placed ? { type: "citation", attrs: { ...placed } } : { ...child, text: part });
    }
  }
  return { ...node, content };
}
