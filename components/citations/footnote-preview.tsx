"use client";

import type { Editor } from "@tiptap/react";
import { useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import type { Footnote } from "@/lib/citations/footnotes";
import { Button, Input } from "@/components/ui/form";
import { footnoteElementId, footnoteMarks, Runs } from "./footnotes";

type Open = { index: number; top: number; left: number; pinned: boolean };

/**
 * What a footnote mark says, where the reader is: hovering a mark (or selecting it in the editor,
 * by click or keyboard) shows its note in full, a way to the note in the list (which has a way
 * back), and for editors the pinpoint to change in place. Works on the live editor and on server
 * HTML alike (version views), since it finds marks in the DOM and numbers them in document order,
 * as the CSS counter does.
 */
export function FootnotePreview({
  scope,
  notes,
  editor,
  editable,
}: {
  scope: RefObject<HTMLElement | null>;
  notes: Footnote[];
  editor: Editor | null;
  editable: boolean;
}) {
  const [open, setOpen] = useState<Open | null>(null);
  const closeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const root = scope.current;
    if (!root) return;
    const show = (mark: HTMLElement, pinned: boolean) => {
      clearTimeout(closeTimer.current);
      const index = footnoteMarks(root).indexOf(mark);
      if (index < 0) return;
      const box = mark.getBoundingClientRect();
      const origin = root.getBoundingClientRect();
      setOpen((current) => ({
        index,
        top: box.bottom - origin.top + 6,
        left: Math.max(0, Math.min(box.left - origin.left - 16, origin.width - 384)),
        pinned: pinned || (current?.pinned === true && current.index === index),
      }));
    };
    const markOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>("sup.citation") : null);
    const onOver = (event: MouseEvent) => {
      const mark = markOf(event.target);
      if (mark) show(mark, false);
    };
    const onOut = (event: MouseEvent) => {
      if (!markOf(event.target)) return;
      clearTimeout(closeTimer.current);
      closeTimer.current = setTimeout(() => setOpen((current) => (current?.pinned ? current : null)), 400);
    };
    const onClick = (event: MouseEvent) => {
      const mark = markOf(event.target);
      if (mark) show(mark, true);
      else if (!(event.target instanceof Element && event.target.closest("[data-footnote-preview]"))) setOpen(null);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(null);
    };
    // In the editor a mark is an atom: arrow keys select it, and then its note opens too.
    const onSelection = () => {
      if (!editor || editor.isDestroyed) return;
      // A node selection is told by its `node` (no instanceof: that would load ProseMirror with the page).
      const { selection } = editor.state as { selection: { from: number; node?: { type: { name: string } } } };
      if (selection.node?.type.name === "citation") {
        const dom = editor.view.nodeDOM(selection.from);
        if (dom instanceof HTMLElement) show(dom, true);
      }
    };
    root.addEventListener("mouseover", onOver);
    root.addEventListener("mouseout", onOut);
    root.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    editor?.on("selectionUpdate", onSelection);
    return () => {
      clearTimeout(closeTimer.current);
      root.removeEventListener("mouseover", onOver);
      root.removeEventListener("mouseout", onOut);
      root.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey);
      editor?.off("selectionUpdate", onSelection);
    };
  }, [scope, editor]);

  const note = open ? notes[open.index] : undefined;
  if (!open || !note) return null;

  const goToNote = () => {
    const item = document.getElementById(footnoteElementId(note.number));
    setOpen(null);
    item?.scrollIntoView({ block: "center" });
    item?.focus({ preventScroll: true });
  };

  return (
    <div
      role="dialog"
      aria-label={`Footnote ${note.number}`}
      data-footnote-preview
      data-testid="footnote-preview"
      className="absolute z-30 w-96 max-w-full space-y-2 rounded-md border border-stone-300 bg-white p-3 text-sm shadow-lg"
      style={{ top: open.top, left: open.left }}
      onMouseEnter={() => clearTimeout(closeTimer.current)}
      onMouseLeave={() => setOpen((current) => (current?.pinned ? current : null))}
    >
      <p>
        <span className="mr-1 font-semibold">{note.number}.</span>
        <Runs runs={note.runs} />
      </p>
      <button type="button" className="text-orange-900 underline" onClick={goToNote}>
        Go to note {note.number}
      </button>
      {editable && editor ? (
        <PinpointForm
          key={`${open.index}:${note.pinpoint}`}
          editor={editor}
          index={open.index}
          pinpoint={note.pinpoint}
          onDone={() => setOpen(null)}
        />
      ) : null}
    </div>
  );
}

/** Changes the pinpoint of the index-th citation of the document, as one edit of the editor's user. */
function PinpointForm({ editor, index, pinpoint, onDone }: { editor: Editor; index: number; pinpoint: string; onDone: () => void }) {
  const [value, setValue] = useState(pinpoint);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    let seen = -1;
    let at = -1;
    editor.state.doc.descendants((node, pos) => {
      if (at >= 0) return false;
      if (node.type.name === "citation" && ++seen === index) at = pos;
    });
    if (at >= 0) {
      editor
        .chain()
        .focus()
        .command(({ tr }) => {
          tr.setNodeMarkup(at, undefined, { ...tr.doc.nodeAt(at)!.attrs, pinpoint: value.trim() });
          return true;
        })
        .run();
    }
    onDone();
  };
  return (
    <form onSubmit={submit} className="flex items-end gap-2 border-t border-stone-200 pt-2">
      <label className="flex-1">
        <span className="mb-1 block text-xs text-stone-600">Pinpoint</span>
        <Input
          value={value}
          onChange={(event) => setValue(event.target.value)}
          maxLength={200}
          placeholder="para 13, art 2(4), p 22…"
          data-testid="footnote-pinpoint"
        />
      </label>
      <Button type="submit" variant="secondary">
        Change
      </Button>
    </form>
  );
}
