import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { pastedWithoutSuggestions, type RefusalReason, suggestTransaction } from "./transform";

/**
 * Suggesting mode for the live editor (issue 19): while enabled, every edit the user makes is
 * turned into a suggestion (see transform.ts) before it reaches the document, Yjs and the server.
 *
 * Behaviour, not schema: it is not in schemaExtensions(); the live editor adds it. Reviewers get
 * `enabled: true, locked: true` (they can only suggest, and the server refuses anything else);
 * editors and owners may switch it with `setSuggesting` / `toggleSuggesting`.
 *
 * Formatting, heading/list/quote changes, table structure and edits in code blocks are refused
 * while Suggesting (the transaction is dropped); `onRefused` lets the UI say so.
 */
export type SuggestingOptions = {
  /** The signed-in user's id: the author of every suggestion made here. */
  authorId: string;
  /** Whether the editor starts in Suggesting mode. */
  enabled: boolean;
  /** Suggesting cannot be switched off (reviewers). */
  locked: boolean;
  /** Called when an edit cannot be made as a suggestion and was dropped. */
  onRefused: ((reason: RefusalReason) => void) | null;
};

export type SuggestingStorage = { enabled: boolean };

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    suggesting: {
      /** Switches Suggesting mode on or off (off is refused when the option `locked` is set). */
      setSuggesting: (enabled: boolean) => ReturnType;
      toggleSuggesting: () => ReturnType;
    };
  }
  interface Storage {
    suggesting: SuggestingStorage;
  }
}

/** Whether the editor is in Suggesting mode now (false without the extension). */
export function isSuggesting(editor: { storage: unknown }): boolean {
  return (editor.storage as { suggesting?: SuggestingStorage }).suggesting?.enabled === true;
}

/** Meta on the (empty) transaction that switches the mode, so the UI re-renders. */
export const SUGGESTING_MODE_META = "suggestingMode";

export const Suggesting = Extension.create<SuggestingOptions, SuggestingStorage>({
  name: "suggesting",

  addOptions() {
    return { authorId: "", enabled: false, locked: false, onRefused: null };
  },

  addStorage() {
    return { enabled: this.options.enabled || this.options.locked };
  },

  addCommands() {
    return {
      setSuggesting:
        (enabled) =>
        ({ tr, dispatch }) => {
          if (!enabled && this.options.locked) return false;
          if (dispatch) {
            this.storage.enabled = enabled;
            tr.setMeta(SUGGESTING_MODE_META, enabled);
          }
          return true;
        },
      toggleSuggesting:
        () =>
        ({ commands }) =>
          commands.setSuggesting(!this.storage.enabled),
    };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("suggestion-free-paste"),
        props: {
          // In Editing mode too: text copied with someone's suggestion marks (from another page, or
          // an older copy of this one) is the paster's own text. Kept, the marks would name a
          // suggestion its author never made here, which the server refuses as a forgery.
          transformPasted: (slice) => pastedWithoutSuggestions(slice),
        },
      }),
    ];
  },

  dispatchTransaction({ transaction, next }) {
    if (!this.storage.enabled) return next(transaction);
    if (!this.options.authorId) {
      // Without an author a suggestion could not be attributed (nor would the server take it).
      this.options.onRefused?.("unsupported");
      return;
    }
    const result = suggestTransaction(this.editor.state, transaction, {
      authorId: this.options.authorId,
      now: new Date().toISOString(),
    });
    if (result.kind === "pass") next(transaction);
    else if (result.kind === "suggest") next(result.transaction);
    // Only the user's own actions are worth a message; other plugins' writes are dropped quietly.
    else if (transaction.getMeta("addToHistory") !== false) this.options.onRefused?.(result.reason);
  },
});
