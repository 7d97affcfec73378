"use client";

import type { Editor } from "@tiptap/react";
import { useCallback, useRef, useSyncExternalStore } from "react";

/**
 * A value read from the editor, read again after each of its transactions; the component renders
 * again only when the value changes (compared as JSON, so `select` may build new arrays each time).
 * Tiptap's useEditorState does the same, but importing it would put @tiptap/react into the
 * page's first-paint script, which must not need the editor (see page-editor.tsx). Keep `select`
 * cheap and its result small: it runs on every transaction.
 */
export function useEditorSelector<T>(editor: Editor | null, select: (editor: Editor) => T): T | null {
  const last = useRef<{ editor: Editor | null; json: string; value: T | null } | null>(null);
  const subscribe = useCallback(
    (notify: () => void) => {
      if (!editor) return () => {};
      editor.on("transaction", notify);
      return () => {
        editor.off("transaction", notify);
      };
    },
    [editor],
  );
  const read = (): T | null => {
    const value = editor && !editor.isDestroyed ? select(editor) : null;
    const json = JSON.stringify(value) ?? "";
    // The same snapshot object while nothing changed, as useSyncExternalStore requires.
    if (last.current && last.current.editor === editor && last.current.json === json) return last.current.value;
    last.current = { editor, json, value };
    return value;
  };
  return useSyncExternalStore(subscribe, read, () => null);
}
