import type { JSONContent } from "@tiptap/core";
import { BLOCK_ID_ATTRIBUTE, BLOCK_ID_TYPES } from "@/lib/editor/block-ids";
import { withoutNul } from "@/lib/validations/nul";

export type ExtractedLink = { ordinal: number; pageId: string | null; title: string; blockId: string | null; context: string };

const CONTEXT_LIMIT = 240;

/**
 * The wiki links of a page, in document order, each with the sentence around it (as plain text)
 * and the id of the innermost block holding it. Pure: works on stored ProseMirror JSON. Without
 * U+0000, which a client can put in a document's text and attributes (lib/validations/nul.ts).
 */
export function extractLinks(doc: JSONContent): ExtractedLink[] {
  const links: ExtractedLink[] = [];
  const walk = (node: JSONContent, blockId: string | null) => {
    const id =
      node.type && BLOCK_ID_TYPES.includes(node.type) && typeof node.attrs?.[BLOCK_ID_ATTRIBUTE] === "string"
        ? (node.attrs[BLOCK_ID_ATTRIBUTE] as string)
        : blockId;
    const children = node.content ?? [];
    if (children.some((child) => child.type === "wikiLink")) {
      // A textblock: lay out its text once, noting where each link sits.
      let text = "";
      const found: { at: number; end: number; pageId: string | null; title: string }[] = [];
      for (const child of children) {
        if (child.type === "text") text += child.text ?? "";
        else if (child.type === "wikiLink") {
          const title = String(child.attrs?.title ?? "").trim();
          found.push({ at: text.length, end: text.length + title.length, pageId: (child.attrs?.pageId as string | null) ?? null, title });
          text += title;
        } else if (child.type === "hardBreak") text += " ";
      }
      for (const link of found) {
        if (!link.title && !link.pageId) continue;
        links.push({
          ordinal: links.length,
          pageId: link.pageId === null ? null : withoutNul(String(link.pageId)),
          title: withoutNul(link.title),
          blockId: id === null ? null : withoutNul(id),
          context: withoutNul(sentenceAround(text, link.at, link.end)),
        });
      }
      return;
    }
    for (const child of children) walk(child, id);
  };
  walk(doc, null);
  return links;
}

/** The sentence of `text` that contains [from, to), trimmed to a readable length. */
export function sentenceAround(text: string, from: number, to: number): string {
  const boundary = /[.!?;](?=\s)/g;
  let start = 0;
  let end = text.length;
  for (const match of text.matchAll(boundary)) {
    const at = match.index + 1;
    if (at <= from) start = at;
    else if (at >= to) {
      end = at;
      break;
    }
  }
  let sentence = text.slice(start, end).replace(/\s+/g, " ").trim();
  if (sentence.length > CONTEXT_LIMIT) {
    // Keep the link in view: centre the window on it.
    const linkAt = text.slice(start, from).replace(/\s+/g, " ").trimStart().length;
    const half = Math.floor((CONTEXT_LIMIT - (to - from)) / 2);
    const windowStart = Math.max(0, linkAt - half);
    const cut = sentence.slice(windowStart, windowStart + CONTEXT_LIMIT);
    sentence = `${windowStart > 0 ? "…" : ""}${cut.trim()}${windowStart + CONTEXT_LIMIT < sentence.length ? "…" : ""}`;
  }
  return sentence;
}
