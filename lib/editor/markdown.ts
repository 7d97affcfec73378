import type { JSONContent } from "@tiptap/core";
import { MarkdownManager } from "@tiptap/markdown";
import type { CitationAttrs } from "./citation";
import { EMPTY_DOC, parseDocJSON } from "./document";
import { schemaExtensions } from "./extensions";

let manager: MarkdownManager | undefined;

/** Markdown (CommonMark + GFM tables) to ProseMirror JSON in the shared schema. */
export function markdownToJSON(markdown: string): JSONContent {
  manager ??= new MarkdownManager({ extensions: schemaExtensions() });
  const json = withSoftBreaksAsSpaces(manager.parse(markdown) as JSONContent);
  const doc: JSONContent = json.content && json.content.length ? json : EMPTY_DOC;
  parseDocJSON(doc);
  return doc;
}

/**
 * A line ending inside a Markdown paragraph (text wrapped at 80 columns) is a soft break: CommonMark
 * reads it as a space. The parser leaves it in the text, where the editor (white-space: pre-wrap)
 * would show it as a line break; only code blocks keep their line endings.
 */
function withSoftBreaksAsSpaces(node: JSONContent): JSONContent {
  if (node.type === "codeBlock") return node;
  if (node.type === "text" && node.text?.includes("\n")) return { ...node, text: node.text.replace(/[ \t]*\n[ \t]*/g, " ") };
  return node.content ? { ...node, content: node.content.map(withSoftBreaksAsSpaces) } : node;
}

/** Private-use characters carry a citation's place through the Markdown parser, which knows no citations. */
const MARK_OPEN = "\uE000";
const MARK_CLOSE = "\uE001";
const PLACED = new RegExp(`(${MARK_OPEN}\\d+${MARK_CLOSE})`);

/** A marker the parser carried through: the citation it stands for and the text it replaced. */
type Placed = { attrs: CitationAttrs; marker: string };

/**
 * Markdown with citation markers in its own syntax (GFM footnote references, `[^cite:key,
 * pinpoint]` in the demo wiki): each match of `marker` for which `citationFor` gives attributes
 * becomes a citation node where it stood; a match it declines stays text. In code (a code block
 * or span) a marker is literal text, as Markdown reads it there.
 */
export function markdownWithCitationsToJSON(
  markdown: string,
  marker: RegExp,
  citationFor: (match: RegExpMatchArray) => CitationAttrs | null,
): JSONContent {
  const clean = markdown.replace(/[\uE000\uE001]/g, "");
  const placed: Placed[] = [];
  let text = "";
  let from = 0;
  for (const match of clean.matchAll(new RegExp(marker.source, marker.flags.includes("g") ? marker.flags : `${marker.flags}g`))) {
    const attrs = citationFor(match);
    if (!attrs) continue;
    text += `${clean.slice(from, match.index)}${MARK_OPEN}${placed.push({ attrs, marker: match[0] }) - 1}${MARK_CLOSE}`;
    from = match.index + match[0].length;
  }
  return withCitationNodes(markdownToJSON(text + clean.slice(from)), placed);
}

function withCitationNodes(node: JSONContent, placed: Placed[]): JSONContent {
  if (!node.content) return node;
  const inCode = node.type === "codeBlock";
  const content: JSONContent[] = [];
  for (const child of node.content) {
    if (child.type !== "text" || !child.text?.includes(MARK_OPEN)) {
      content.push(withCitationNodes(child, placed));
      continue;
    }
    if (inCode || child.marks?.some((mark) => mark.type === "code")) {
      content.push({
        ...child,
        text: child.text.replace(new RegExp(PLACED.source, "g"), (part) => placed[Number(part.slice(1, -1))].marker),
      });
      continue;
    }
    for (const part of child.text.split(PLACED)) {
      if (!part) continue;
      const citation = PLACED.test(part) ? placed[Number(part.slice(1, -1))] : undefined;
      content.push(citation ? { type: "citation", attrs: { ...citation.attrs } } : { ...child, text: part });
    }
  }
  return { ...node, content };
}
