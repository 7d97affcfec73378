import type { Editor } from "@tiptap/react";
import type { HighlightRange } from "@/lib/editor/comment-highlights";
import type { DraftTarget } from "./selection-anchor";

/**
 * What the comments panel and the comment buttons ask of the live editor. They are part of the
 * page's first paint, the editor is not: they know only this interface (a type, so nothing of
 * Tiptap, ProseMirror or Yjs is loaded with them), which the live editor implements and hands up
 * once it exists (components/comments/live-comment-ops.ts).
 */
export interface CommentEditorOps {
  /** The editor itself, for its state, its view's coordinates and its events. */
  readonly editor: Editor;
  /** The selected passage, anchored to the collaborative text; null when nothing is selected. */
  anchorFromSelection(): DraftTarget | null;
  /** The passages to track (and, with `highlight`, to draw), replacing those shown before. */
  showPassages(passages: PassageAnchor[]): void;
  /** Gives one thread's passage the stronger highlight, or none. */
  setActivePassage(id: string | null): void;
  /** Where the tracked passages are now, and the last one clicked in the text. */
  highlights(): PassageHighlights | undefined;
}

/**
 * A passage as the REST API sends it: two base64 Yjs relative positions. One that cannot be read
 * is left out, and its thread is shown as detached.
 */
export type PassageAnchor = { id: string; start: string; end: string; highlight?: boolean; quote?: string };

export type PassageHighlights = {
  /** Current range of each passage, or null when its text is gone. */
  ranges: ReadonlyMap<string, HighlightRange | null>;
  activeId: string | null;
  /** Bumped by every click on a highlight in the text, so a second click on the same one counts. */
  activations: number;
};
