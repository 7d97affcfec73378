import * as Y from "yjs";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";

/**
 * Comment anchors are Yjs relative positions: they name the characters at a passage's edges, not
 * offsets, so they move and stretch with concurrent edits. Text restored by undo is new Yjs
 * content; Yjs's redo links lead the old positions to it only in the undoing client's replica (no
 * update carries them), so everyone else re-attaches by the quote at the point where the anchor
 * collapsed (reattachAtCollapse).
 */
export type TextAnchor = { start: Uint8Array; end: Uint8Array; quote: string };

function plainText(text: Y.XmlText): string {
  return text
    .toDelta()
    .map((op: { insert: unknown }) => (typeof op.insert === "string" ? op.insert : ""))
    .join("");
}

function textNodes(node: Y.XmlFragment | Y.XmlElement, out: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) out.push(child);
    else if (child instanceof Y.XmlElement) textNodes(child, out);
  }
  return out;
}

function anchorAt(text: Y.XmlText, from: number, to: number, quote: string): TextAnchor {
  return {
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    // Associated with the character before the end, so typing right after the passage stays outside.
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, to, -1)),
    quote,
  };
}

/** How many times `quote` occurs within single text runs of the page. */
export function countQuote(doc: Y.Doc, quote: string): number {
  if (!quote) return 0;
  let count = 0;
  for (const text of textNodes(doc.getXmlFragment(DOCUMENT_FRAGMENT))) {
    const plain = plainText(text);
    for (let i = plain.indexOf(quote); i >= 0; i = plain.indexOf(quote, i + 1)) count++;
  }
  return count;
}

/** An anchor on the first occurrence of `quote` within one text run of the page, or null. */
export function anchorFromQuote(doc: Y.Doc, quote: string): TextAnchor | null {
  if (!quote) return null;
  for (const text of textNodes(doc.getXmlFragment(DOCUMENT_FRAGMENT))) {
    const index = plainText(text).indexOf(quote);
    if (index >= 0) return anchorAt(text, index, index + quote.length, quote);
  }
  return null;
}

/** The heading level of a top-level block, or null when it is not a heading. */
function headingLevel(block: unknown): number | null {
  if (!(block instanceof Y.XmlElement) || block.nodeName !== "heading") return null;
  return Number(block.getAttribute("level") ?? 1) || 1;
}

/**
 * An anchor on the top-level block at `index`. For a heading it spans the whole section: the
 * heading and everything after it up to the next heading of the same or a higher level. The quote
 * is the block's (the heading's) own text.
 */
export function anchorFromBlock(doc: Y.Doc, index: number): TextAnchor | null {
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  const block = fragment.get(index);
  if (!(block instanceof Y.XmlElement)) return null;
  const own = textNodes(block).filter((t) => t.length > 0);
  if (own.length === 0) return null;
  let last = index;
  const level = headingLevel(block);
  if (level !== null) {
    while (last + 1 < fragment.length) {
      const next = headingLevel(fragment.get(last + 1));
      if (next !== null && next <= level) break;
      last++;
    }
  }
  const spanned: Y.XmlText[] = [];
  for (let i = index; i <= last; i++) {
    const node = fragment.get(i);
    if (node instanceof Y.XmlElement) spanned.push(...textNodes(node).filter((t) => t.length > 0));
  }
  const first = spanned[0];
  const end = spanned[spanned.length - 1];
  return {
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(first, 0, 0)),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(end, end.length, -1)),
    quote: own.map(plainText).join(" "),
  };
}

/** Checks that bytes from a client decode to relative positions inside this document's body. */
export function isValidAnchor(doc: Y.Doc, start: Uint8Array, end: Uint8Array): boolean {
  try {
    const a = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(start), doc);
    const b = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(end), doc);
    return !!a && !!b;
  } catch {
    return false;
  }
}

/**
 * The passage an anchor covers now, or null when its text is gone (the thread is "detached").
 * Only same-run anchors report their current text; block anchors spanning runs report "".
 */
export function resolveAnchor(doc: Y.Doc, start: Uint8Array, end: Uint8Array): { text: string } | null {
  try {
    const a = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(start), doc);
    const b = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(end), doc);
    if (!a || !b) return null;
    if (a.type === b.type) {
      if (a.index >= b.index) return null;
      return a.type instanceof Y.XmlText ? { text: plainText(a.type).slice(a.index, b.index) } : { text: "" };
    }
    return { text: "" };
  } catch {
    return null;
  }
}

/**
 * For a detached anchor: if the quoted text sits right where the anchor collapsed (as after an
 * undo restored it), a fresh anchor on it; otherwise null. Text that merely appears elsewhere
 * does not capture the thread.
 */
export function reattachAtCollapse(doc: Y.Doc, start: Uint8Array, quote: string): TextAnchor | null {
  if (!quote) return null;
  try {
    const at = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(start), doc);
    if (!at || !(at.type instanceof Y.XmlText)) return null;
    const text = plainText(at.type);
    if (text.startsWith(quote, at.index)) return anchorAt(at.type, at.index, at.index + quote.length, quote);
    if (at.index >= quote.length && text.slice(at.index - quote.length, at.index) === quote)
      return anchorAt(at.type, at.index - quote.length, at.index, quote);
    return null;
  } catch {
    return null;
  }
}
