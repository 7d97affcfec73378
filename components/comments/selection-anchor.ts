import type { Editor } from "@tiptap/react";
import { absolutePositionToRelativePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";

/** What a new thread is attached to, as chosen in the editor. */
export type DraftTarget =
  | { kind: "text"; start: string; end: string; quote: string; startPos: Y.RelativePosition; endPos: Y.RelativePosition }
  | { kind: "block"; index: number; quote: string; label: string }
  | { kind: "page" };

const QUOTE_LIMIT = 2000;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The editor's selection as Yjs relative positions, so the passage keeps its identity while others
 * edit. The start is tied to the passage's first character (text typed just before it stays
 * outside) and the end to its last character (text typed just after it stays outside), as the
 * server's own anchors are. Null for an empty selection or before the collab binding exists.
 */
export function anchorFromSelection(editor: Editor): DraftTarget | null {
  const { state } = editor;
  const { from, to, empty } = state.selection;
  if (empty) return null;
  // Untrimmed: it must match the anchored range exactly (see reattach in lib/editor/comment-highlights.ts).
  const quote = state.doc.textBetween(from, to, " ");
  if (!quote.trim()) return null;
  const binding = ySyncPluginKey.getState(state)?.binding as {
    doc: Y.Doc;
    type: Y.XmlFragment;
    mapping: Parameters<typeof absolutePositionToRelativePosition>[2];
  } | null;
  if (!binding) return null;
  const startPos = firstCharacterAnchor(
    absolutePositionToRelativePosition(from, binding.type, binding.mapping) as Y.RelativePosition,
    binding.doc,
  );
  const endPos = absolutePositionToRelativePosition(to, binding.type, binding.mapping) as Y.RelativePosition;
  return {
    kind: "text",
    start: toBase64(Y.encodeRelativePosition(startPos)),
    end: toBase64(Y.encodeRelativePosition(endPos)),
    quote: quote.slice(0, QUOTE_LIMIT),
    startPos,
    endPos,
  };
}

/** y-prosemirror ties a position to the character before it; a passage's start belongs to the character after. */
function firstCharacterAnchor(rel: Y.RelativePosition, doc: Y.Doc): Y.RelativePosition {
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc);
  if (!abs || !(abs.type instanceof Y.XmlText) || abs.index >= abs.type.length) return rel;
  return Y.createRelativePositionFromTypeIndex(abs.type, abs.index, 0);
}

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
