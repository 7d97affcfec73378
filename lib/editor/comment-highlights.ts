import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";

/**
 * Highlights of commented passages. A passage is kept as two Yjs relative positions (see
 * lib/comments/anchors.ts), so its ProseMirror range is recomputed from them whenever the Yjs
 * document changes under the editor: the highlight moves and stretches with everyone's edits, and
 * a passage whose text is gone (start ≥ end) has no range — the thread is "detached" — until an
 * undo brings the text back. Browser-only: it needs the live y-prosemirror binding, so it is added
 * to the live editor, not to schemaExtensions().
 */

/**
 * A thread's passage; `highlight: false` tracks its range (for ordering, "show passage") without
 * drawing it (resolved threads). `quote` is the passage as first commented, used to find it again
 * when its text has been deleted and put back by someone else's undo (see reattach).
 */
export type HighlightAnchor = { id: string; start: Y.RelativePosition; end: Y.RelativePosition; highlight?: boolean; quote?: string };
export type HighlightRange = { from: number; to: number };

export type CommentHighlightsState = {
  anchors: HighlightAnchor[];
  /** Current range of each anchor, or null when its text is gone. */
  ranges: Map<string, HighlightRange | null>;
  activeId: string | null;
  /** Bumped whenever a click in the text activates a thread, so a second click on it still counts. */
  activations: number;
  decorations: DecorationSet;
};

type Meta = { anchors: HighlightAnchor[] } | { activeId: string | null; fromClick?: boolean };

export const commentHighlightsKey = new PluginKey<CommentHighlightsState>("commentHighlights");

/** Decodes a base64 relative position as the REST API sends it. */
export function decodeRelativePosition(base64: string): Y.RelativePosition {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return Y.decodeRelativePosition(bytes);
}

/** Replaces the anchors shown (threads whose highlight should be drawn). */
export function setHighlightAnchors(view: EditorView, anchors: HighlightAnchor[]): void {
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { anchors } satisfies Meta));
}

/** Marks one thread's passage as the active one (stronger highlight), or none. */
export function setActiveHighlight(view: EditorView, activeId: string | null): void {
  if (commentHighlightsKey.getState(view.state)?.activeId === activeId) return;
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { activeId } satisfies Meta));
}

type Binding = { doc: Y.Doc; type: Y.XmlFragment; mapping: Parameters<typeof relativePositionToAbsolutePosition>[3] };

function bindingOf(tr: Transaction | null, state: EditorState): Binding | null {
  const fromMeta = tr?.getMeta(ySyncPluginKey)?.binding as Binding | undefined;
  return fromMeta ?? (ySyncPluginKey.getState(state)?.binding as Binding | null | undefined) ?? null;
}

function resolveRanges(anchors: HighlightAnchor[], binding: Binding | null, doc: ProseMirrorNode): Map<string, HighlightRange | null> {
  const docSize = doc.content.size;
  const ranges = new Map<string, HighlightRange | null>();
  for (const anchor of anchors) {
    if (!binding) {
      ranges.set(anchor.id, null);
      continue;
    }
    const from = relativePositionToAbsolutePosition(binding.doc, binding.type, anchor.start, binding.mapping);
    const to = relativePositionToAbsolutePosition(binding.doc, binding.type, anchor.end, binding.mapping);
    if (from === null || to === null || from < 0 || to > docSize) ranges.set(anchor.id, null);
    else ranges.set(anchor.id, restoredRange(doc, from, to, anchor.quote) ?? (from < to ? { from, to } : null));
  }
  return ranges;
}

/**
 * Yjs follows an undone deletion to the restored text only in the document of the person who
 * pressed undo (its "redone" links are not part of the update others receive). Everyone else sees
 * an edge that pointed into the deleted text land at the end of its restored copy: the anchor
 * collapses, or its start lands inside the passage. So when the passage's original quote, whole,
 * ends where the anchor now ends (or sits right against a collapsed anchor), and the anchor has
 * become shorter than it, that quote is taken to be the passage, put back.
 */
function restoredRange(doc: ProseMirrorNode, from: number, to: number, quote: string | undefined): HighlightRange | null {
  if (!quote || to - from >= quote.length) return null;
  const candidates: [number, number][] = [[to - quote.length, to]];
  if (from >= to) candidates.push([from, from + quote.length]);
  for (const [a, b] of candidates) {
    if (a < 0 || b > doc.content.size) continue;
    if (doc.textBetween(a, b, " ") === quote) return { from: a, to: b };
  }
  return null;
}

function mapRanges(ranges: Map<string, HighlightRange | null>, tr: Transaction): Map<string, HighlightRange | null> {
  const mapped = new Map<string, HighlightRange | null>();
  for (const [id, range] of ranges) {
    if (!range) {
      mapped.set(id, null);
      continue;
    }
    // Text typed at either edge stays outside, as the Yjs anchors (start on the first character, end on the last) would have it.
    const from = tr.mapping.map(range.from, 1);
    const to = tr.mapping.map(range.to, -1);
    mapped.set(id, from < to ? { from, to } : null);
  }
  return mapped;
}

function buildDecorations(
  state: EditorState,
  anchors: HighlightAnchor[],
  ranges: Map<string, HighlightRange | null>,
  activeId: string | null,
): DecorationSet {
  const decorations: Decoration[] = [];
  const drawn = new Set(anchors.filter((a) => a.highlight !== false).map((a) => a.id));
  for (const [id, range] of ranges) {
    if (!range || !drawn.has(id)) continue;
    const active = id === activeId;
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        {
          class: active
            ? "comment-highlight comment-highlight-active cursor-pointer rounded-sm bg-amber-300/70 shadow-[0_2px_0_0_#b45309]"
            : "comment-highlight cursor-pointer rounded-sm bg-amber-200/50 shadow-[0_2px_0_0_#f59e0b]",
          "data-thread-id": id,
        },
        { threadId: id },
      ),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/** The innermost (shortest) highlighted passage containing `pos`. */
export function threadAt(state: EditorState, pos: number): string | null {
  const plugin = commentHighlightsKey.getState(state);
  let best: { id: string; size: number } | null = null;
  for (const [id, range] of plugin?.ranges ?? []) {
    if (!range || pos < range.from || pos > range.to || plugin!.anchors.find((a) => a.id === id)?.highlight === false) continue;
    const size = range.to - range.from;
    if (!best || size < best.size) best = { id, size };
  }
  return best?.id ?? null;
}

export const CommentHighlights = Extension.create({
  name: "commentHighlights",

  addProseMirrorPlugins() {
    return [
      new Plugin<CommentHighlightsState>({
        key: commentHighlightsKey,
        state: {
          init: (_, state) => ({
            anchors: [],
            ranges: new Map(),
            activeId: null,
            activations: 0,
            decorations: DecorationSet.create(state.doc, []),
          }),
          apply(tr, value, oldState, newState) {
            const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined;
            const fromYjs = !!tr.getMeta(ySyncPluginKey)?.isChangeOrigin;
            let { anchors, ranges, activeId, activations } = value;
            if (meta && "anchors" in meta) anchors = meta.anchors;
            if (meta && "activeId" in meta) {
              activeId = meta.activeId;
              if (meta.fromClick) activations++;
            }
            if (meta && "anchors" in meta) {
              ranges = resolveRanges(anchors, bindingOf(tr, oldState), newState.doc);
            } else if (fromYjs) {
              // The Yjs document (and the binding's node mapping) already holds the change: read the anchors afresh.
              ranges = resolveRanges(anchors, bindingOf(tr, oldState), newState.doc);
            } else if (tr.docChanged) {
              // A local edit reaches Yjs only after this transaction (in the sync plugin's view update), so map instead.
              ranges = mapRanges(ranges, tr);
            } else if (value.activeId === activeId) {
              return value;
            }
            return { anchors, ranges, activeId, activations, decorations: buildDecorations(newState, anchors, ranges, activeId) };
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
          handleDOMEvents: {
            // A plain click (not the end of a drag-selection) on a highlight activates its thread; a click elsewhere clears.
            // A DOM handler rather than handleClick, so it also works in read-only editors.
            click(view, event) {
              if (event.button !== 0) return false;
              const selection = view.dom.ownerDocument.getSelection();
              if (selection && !selection.isCollapsed) return false;
              const hit = view.posAtCoords({ left: event.clientX, top: event.clientY });
              const id = hit ? threadAt(view.state, hit.pos) : null;
              const current = commentHighlightsKey.getState(view.state);
              if (!id && !current?.activeId) return false;
              view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { activeId: id, fromClick: true } satisfies Meta));
              return false;
            },
          },
        },
      }),
    ];
  },
});
