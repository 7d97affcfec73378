"use client";

import type { Editor } from "@tiptap/core";
import { useEditorSelector } from "./use-editor-selector";

/**
 * Editing / Suggesting, beside the connection state. Editors and owners switch; reviewers always
 * suggest, and the switch says why instead of offering Editing (the server would refuse it anyway).
 * Drawn from the first paint, disabled until the editor is live, so nothing moves when it arrives.
 */
export function SuggestingSwitch({ editor, locked }: { editor: Editor | null; locked: boolean }) {
  const suggesting = useEditorSelector(editor, (e) => e.storage.suggesting?.enabled ?? false) ?? false;
  if (locked) {
    return (
      <span
        className="rounded-md bg-sky-50 px-2 py-1 text-xs font-medium text-sky-900"
        title="As a reviewer you suggest changes; an editor or owner accepts or rejects them."
        data-testid="suggesting-locked"
      >
        Suggesting
      </span>
    );
  }
  return (
    <div
      role="group"
      aria-label="Mode"
      className="flex rounded-md border border-stone-200 bg-white p-0.5 text-xs"
      data-testid="suggesting-switch"
    >
      {([false, true] as const).map((value) => (
        <button
          key={String(value)}
          type="button"
          aria-pressed={suggesting === value}
          disabled={!editor}
          title={value ? "Your changes become suggestions that an editor accepts or rejects" : "Your changes go straight into the text"}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => editor?.commands.setSuggesting(value)}
          className={`rounded px-1.5 py-0.5 ${suggesting === value ? "bg-stone-800 text-white" : "text-stone-600 hover:bg-stone-100"}`}
        >
          {value ? "Suggesting" : "Editing"}
        </button>
      ))}
    </div>
  );
}
