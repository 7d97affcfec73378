"use client";

import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { CommentEditorOps } from "./comment-editor-ops";
import { blockAtSelection, type DraftTarget } from "./selection-anchor";

/** A thread being written: where it will be attached, and the other places it could go. */
export type CommentDraft = { target: DraftTarget; choices: DraftTarget[]; key: number };

const isShortcut = (event: KeyboardEvent) => (event.metaKey || event.ctrlKey) && event.altKey && !event.shiftKey && event.code === "KeyM";

/**
 * Starting a thread: from the selected passage when there is one (its anchor is taken at once, so
 * it keeps following the text while the comment is written), otherwise on the section holding the
 * cursor or on the page. Ctrl+Alt+M (⌘+⌥+M) starts one from anywhere on the page.
 */
export function useCommentDraft(ops: CommentEditorOps | null, enabled: boolean) {
  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const counter = useRef(0);

  const start = useCallback(
    (prefer?: "text" | "block" | "page") => {
      if (!enabled) return;
      const page: DraftTarget = { kind: "page" };
      const text = ops && prefer !== "block" && prefer !== "page" ? ops.anchorFromSelection() : null;
      const block = ops && prefer !== "page" ? blockAtSelection(ops.editor) : null;
      const choices = text ? [text] : block ? [block, page] : [page];
      setDraft({ target: choices[0], choices, key: ++counter.current });
    },
    [ops, enabled],
  );

  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (!isShortcut(event)) return;
      event.preventDefault();
      start();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, start]);

  const choose = useCallback((target: DraftTarget) => setDraft((d) => (d ? { ...d, target } : d)), []);
  const cancel = useCallback(() => setDraft(null), []);
  return { draft, start, choose, cancel };
}

export type CommentDraftControls = ReturnType<typeof useCommentDraft>;

const Bubble = () => (
  <svg
    viewBox="0 0 20 20"
    width="16"
    height="16"
    aria-hidden="true"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.7"
    strokeLinejoin="round"
  >
    <path d="M3.5 4.5h13v9h-7l-4 3v-3h-2z" />
    <path d="M10 6.8v4.4M7.8 9h4.4" strokeLinecap="round" />
  </svg>
);

/** "Comment" in the page's status row. */
export function CommentButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      // Keep the editor's selection: a mousedown here would otherwise collapse it in some browsers.
      onMouseDown={(event) => event.preventDefault()}
      className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-stone-600 hover:bg-stone-100"
      title="Comment on the selected passage, or on this section (Ctrl+Alt+M)"
      data-testid="comment-button"
    >
      <Bubble />
      Comment
    </button>
  );
}

/**
 * A small button in the margin beside a selected passage. Placed inside the editor column (which
 * must be `position: relative`), level with the selection's first line.
 */
export function SelectionCommentButton({ editor, hidden, onClick }: { editor: Editor; hidden: boolean; onClick: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const [top, setTop] = useState<number | null>(null);

  useEffect(() => {
    const update = () => {
      const container = ref.current?.parentElement;
      const { from, to, empty } = editor.state.selection;
      if (!container || empty || editor.isDestroyed || !editor.state.doc.textBetween(from, to, " ").trim()) return setTop(null);
      const box = container.getBoundingClientRect();
      setTop(editor.view.coordsAtPos(from).top - box.top);
    };
    editor.on("selectionUpdate", update);
    editor.on("update", update);
    return () => {
      editor.off("selectionUpdate", update);
      editor.off("update", update);
    };
  }, [editor]);

  const show = top !== null && !hidden;
  return (
    <button
      ref={ref}
      type="button"
      onClick={onClick}
      onMouseDown={(event) => event.preventDefault()}
      tabIndex={show ? 0 : -1}
      aria-hidden={!show || undefined}
      title="Comment on the selection (Ctrl+Alt+M)"
      aria-label="Comment on the selection"
      data-testid="selection-comment-button"
      style={{ top: top ?? 0, visibility: show ? "visible" : "hidden" }}
      className="absolute right-0 z-10 flex h-7 w-7 items-center justify-center rounded-full border border-amber-300 bg-white text-amber-800 shadow-md transition-colors hover:bg-amber-50 xl:-right-[30px]"
    >
      <Bubble />
    </button>
  );
}
