import type { Editor } from "@tiptap/react";
import { absolutePositionToRelativePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import {
  commentHighlightsKey,
  decodeRelativePosition,
  setActiveHighlight,
  setHighlightAnchors,
  type HighlightAnchor,
} from "@/lib/editor/comment-highlights";
import type { CommentEditorOps, PassageAnchor } from "./comment-editor-ops";
import { QUOTE_LIMIT, type DraftTarget } from "./selection-anchor";

/**
 * The live editor's side of CommentEditorOps: everything the comments need that reads the Yjs
 * binding or the highlight plugin. Loaded with the live editor, never with the page's first paint.
 */
export function createCommentEditorOps(editor: Editor): CommentEditorOps {
  return {
    editor,
    anchorFromSelection: () => anchorFromSelection(editor),
    showPassages: (passages) => setHighlightAnchors(editor.view, decodePassages(passages)),
    setActivePassage: (id) => setActiveHighlight(editor.view, id),
    highlights: () => commentHighlightsKey.getState(editor.state),
  };
}

function decodePassages(passages: PassageAnchor[]): HighlightAnchor[] {
  const anchors: HighlightAnchor[] = [];
  for (const { id, start, end, highlight, quote } of passages) {
    try {
      anchors.push({ id, start: decodeRelativePosition(start), end: decodeRelativePosition(end), highlight, quote });
    } catch {
      // An anchor this client cannot read is shown as detached.
    }
  }
  return anchors;
}

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
  };
}

/** y-prosemirror ties a position to the character before it; a passage's start belongs to the character after. */
function firstCharacterAnchor(rel: Y.RelativePosition, doc: Y.Doc): Y.RelativePosition {
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc);
  if (!abs || !(abs.type instanceof Y.XmlText) || abs.index >= abs.type.length) return rel;
  return Y.createRelativePositionFromTypeIndex(abs.type, abs.index, 0);
}
