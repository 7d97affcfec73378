import type { Editor } from "@tiptap/react";

/**
 * What a new thread is attached to, as chosen in the editor. A passage's `start` and `end` are
 * base64 Yjs relative positions (made by the live editor: components/comments/live-comment-ops.ts).
 */
export type DraftTarget =
  | { kind: "text"; start: string; end: string; quote: string }
  | { kind: "block"; index: number; quote: string; label: string }
  | { kind: "page" };

/** The longest quote a thread keeps of its passage. */
export const QUOTE_LIMIT = 2000;

const BLOCK_LABELS: Record<string, string> = {
  heading: "This section",
  paragraph: "This paragraph",
  bulletList: "This list",
  orderedList: "This list",
  blockquote: "This quotation",
  table: "This table",
  codeBlock: "This code block",
};

/** The top-level block holding the cursor (a heading, a paragraph, a list…), by index. */
export function blockAtSelection(editor: Editor): DraftTarget | null {
  const { state } = editor;
  const $pos = state.doc.resolve(state.selection.from);
  if ($pos.depth === 0 && state.doc.childCount === 0) return null;
  const index = Math.min($pos.index(0), state.doc.childCount - 1);
  const block = state.doc.child(index);
  const quote = block.textContent.trim();
  if (!quote) return null;
  return { kind: "block", index, quote: quote.slice(0, QUOTE_LIMIT), label: BLOCK_LABELS[block.type.name] ?? "This block" };
}
