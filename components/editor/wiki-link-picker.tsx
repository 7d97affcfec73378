"use client";

import { Extension, type Editor, type Range } from "@tiptap/core";
import { PluginKey } from "@tiptap/pm/state";
import Suggestion, { type SuggestionProps } from "@tiptap/suggestion";
import { useSyncExternalStore } from "react";
import { normaliseTitle, type DirectoryPage, type PageDirectory } from "@/lib/links/directory";
import { fuzzyRank } from "@/lib/links/fuzzy";

export type PickerItem = { kind: "page"; page: DirectoryPage } | { kind: "create"; title: string };

type PickerState = { open: boolean; items: PickerItem[]; index: number; rect: DOMRect | null; choose: (item: PickerItem) => void };

const CLOSED: PickerState = { open: false, items: [], index: 0, rect: null, choose: () => {} };

/** The picker's state lives outside React: the ProseMirror plugin drives it, the popup reads it. */
export function createPickerStore() {
  let state = CLOSED;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: Partial<PickerState>) {
      state = { ...state, ...next };
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type PickerStore = ReturnType<typeof createPickerStore>;

/** `[[` followed by up to 80 characters without brackets or a line break, ending at the cursor. */
const TRIGGER = /\[\[([^[\]\n]{0,80})$/;

/** Items for a query: best title matches, then "create" unless a page has exactly that title. */
export function pickerItems(directory: PageDirectory, query: string): PickerItem[] {
  const pages: PickerItem[] = fuzzyRank(directory.pages, query, (p) => p.title).map((page) => ({ kind: "page", page }));
  const title = query.trim();
  if (title && !directory.pages.some((p) => normaliseTitle(p.title) === normaliseTitle(title))) pages.push({ kind: "create", title });
  return pages;
}

/**
 * Typing `[[` opens a page picker (fuzzy by title); choosing inserts a wiki link, or a link to a
 * page that does not exist yet ("create"), which reads as missing until someone creates it.
 */
export function wikiLinkPicker(directory: () => PageDirectory, store: PickerStore) {
  return Extension.create({
    name: "wikiLinkPicker",
    addProseMirrorPlugins() {
      const insert = (editor: Editor, range: Range, item: PickerItem) => {
        const attrs = item.kind === "page" ? { pageId: item.page.id, title: item.page.title } : { pageId: null, title: item.title };
        editor.chain().focus().deleteRange(range).insertWikiLink(attrs).run();
      };
      return [
        Suggestion<PickerItem, PickerItem>({
          editor: this.editor,
          pluginKey: new PluginKey("wikiLinkPicker"),
          char: "[[",
          allowSpaces: true,
          allowedPrefixes: null,
          findSuggestionMatch: ({ $position }) => {
            const before = $position.parent.textBetween(0, $position.parentOffset, undefined, "\ufffc");
            const match = TRIGGER.exec(before);
            if (!match) return null;
            const from = $position.pos - match[0].length;
            return { range: { from, to: $position.pos }, query: match[1], text: match[0] };
          },
          items: ({ query }) => pickerItems(directory(), query),
          command: ({ editor, range, props }) => insert(editor, range, props),
          render: () => {
            let current: SuggestionProps<PickerItem, PickerItem> | null = null;
            const show = (props: SuggestionProps<PickerItem, PickerItem>) => {
              current = props;
              store.set({
                open: true,
                items: props.items,
                index: 0,
                rect: props.clientRect?.() ?? null,
                choose: (item) => props.command(item),
              });
            };
            return {
              onStart: show,
              onUpdate: show,
              onExit: () => {
                current = null;
                store.set(CLOSED);
              },
              onKeyDown: ({ event }) => {
                const { items, index, open } = store.get();
                if (!open || !current) return false;
                if (event.key === "Escape") {
                  store.set(CLOSED);
                  return true;
                }
                if (!items.length) return false;
                if (event.key === "ArrowDown") return (store.set({ index: (index + 1) % items.length }), true);
                if (event.key === "ArrowUp") return (store.set({ index: (index - 1 + items.length) % items.length }), true);
                if (event.key === "Enter" || event.key === "Tab") {
                  current.command(items[index]);
                  return true;
                }
                return false;
              },
            };
          },
        }),
      ];
    },
  });
}

/** The popup under the caret. Mouse down (not click) so the editor keeps its selection. */
export function WikiLinkPicker({ store }: { store: PickerStore }) {
  const state = useSyncExternalStore(store.subscribe, store.get, () => CLOSED);
  if (!state.open || !state.rect) return null;
  return (
    <div
      role="listbox"
      aria-label="Link to page"
      data-testid="wiki-link-picker"
      className="fixed z-50 w-80 overflow-hidden rounded-md border border-stone-300 bg-white py-1 text-sm shadow-lg"
      style={{ left: state.rect.left, top: state.rect.bottom + 6 }}
    >
      {state.items.length === 0 ? <p className="px-3 py-2 text-stone-500">Type a page title</p> : null}
      {state.items.map((item, i) => (
        <div
          key={item.kind === "page" ? item.page.id : "create"}
          role="option"
          aria-selected={i === state.index}
          className={`cursor-pointer px-3 py-1.5 ${i === state.index ? "bg-amber-100" : "hover:bg-stone-100"}`}
          onMouseDown={(event) => {
            event.preventDefault();
            state.choose(item);
          }}
        >
          {item.kind === "page" ? (
            item.page.title
          ) : (
            <span>
              <span className="text-stone-500">Link to a new page </span>“{item.title}”
            </span>
          )}
        </div>
      ))}
    </div>
  );
}
