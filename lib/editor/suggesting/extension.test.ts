import { Slice } from "@tiptap/pm/model";
import type { EditorState, Plugin, Transaction } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { describe, expect, it } from "vitest";
import { Suggesting, type SuggestingOptions, type SuggestingStorage } from "./extension";
import { del, docJSON, ins, p, render, stateAt, withBlockSuggestion } from "./test-support";
import type { RefusalReason } from "./transform";

/**
 * The extension's dispatch hook, called as Tiptap calls it. (Tiptap composes extension dispatch
 * hooks only for an editor with a view, which needs a DOM; the unit tests run in Node.)
 */
function hook(state: EditorState, options: Partial<SuggestingOptions>, storage: SuggestingStorage) {
  const refused: RefusalReason[] = [];
  const applied: Transaction[] = [];
  const context = {
    name: "suggesting",
    options: { authorId: "alice", enabled: true, locked: false, onRefused: (r: RefusalReason) => refused.push(r), ...options },
    storage,
    editor: { state },
  };
  const dispatch = (transaction: Transaction) =>
    (
      Suggesting.config.dispatchTransaction as (this: unknown, props: { transaction: Transaction; next: (tr: Transaction) => void }) => void
    ).call(context, { transaction, next: (tr) => applied.push(tr) });
  return { dispatch, refused, applied };
}

describe("the Suggesting extension", () => {
  it("turns the user's transactions into suggestions while enabled, and leaves them alone when not", () => {
    const state = stateAt(docJSON(p("ab|")));
    const on = hook(state, {}, { enabled: true });
    on.dispatch(state.tr.insertText("X"));
    expect(render(state.apply(on.applied[0]).doc)).toBe("ab[X +alice/1]");

    const off = hook(state, {}, { enabled: false });
    const plain = state.tr.insertText("X");
    off.dispatch(plain);
    expect(off.applied[0]).toBe(plain);
  });

  it("drops a refused transaction and tells the UI why", () => {
    const state = stateAt(docJSON(p("|ab|")));
    const { dispatch, refused, applied } = hook(state, {}, { enabled: true });
    dispatch(state.tr.addMark(1, 3, state.schema.marks.bold.create()));
    expect(applied).toEqual([]);
    expect(refused).toEqual(["formatting"]);
  });

  it("refuses to suggest without an author", () => {
    const state = stateAt(docJSON(p("ab|")));
    const { dispatch, refused, applied } = hook(state, { authorId: "" }, { enabled: true });
    dispatch(state.tr.insertText("X"));
    expect(applied).toEqual([]);
    expect(refused).toEqual(["unsupported"]);
  });

  it("switches with setSuggesting / toggleSuggesting, except when locked (reviewers)", () => {
    const commandsFor = (locked: boolean, storage: SuggestingStorage) =>
      (Suggesting.config.addCommands as (this: unknown) => Record<string, (...args: unknown[]) => (props: unknown) => boolean>).call({
        options: { authorId: "alice", enabled: true, locked, onRefused: null },
        storage,
      });
    const state = stateAt(docJSON(p("ab|")));
    const storage = { enabled: true };
    const open = commandsFor(false, storage);
    const tr = state.tr;
    expect(open.setSuggesting(false)({ tr, dispatch: () => {} })).toBe(true);
    expect(storage.enabled).toBe(false);
    expect(tr.getMeta("suggestingMode")).toBe(false);

    const lockedStorage = { enabled: true };
    const locked = commandsFor(true, lockedStorage);
    expect(locked.setSuggesting(false)({ tr: state.tr, dispatch: () => {} })).toBe(false);
    expect(lockedStorage.enabled).toBe(true);
  });

  it("pastes copied text without anyone's suggestions, in Editing mode too", () => {
    // Copied from a page where Bob suggested: his marks and block suggestion would be a forgery here.
    const copied = stateAt(
      docJSON(withBlockSuggestion(p("Kept ", ins("added", "bob"), " and ", del("struck", "bob")), "insert", "bob")),
    ).doc;
    const slice = new Slice(copied.content, 0, 0);
    const [plugin] = (Suggesting.config.addProseMirrorPlugins as (this: unknown) => Plugin[]).call({
      options: {},
      storage: { enabled: false },
    });
    const pasted = (plugin.props.transformPasted as (slice: Slice, view: EditorView) => Slice)(slice, {} as EditorView);
    expect(render(copied)).toContain("bob");
    expect(render(copied.type.create(null, pasted.content))).toBe(render(stateAt(docJSON(p("Kept added and struck"))).doc));
  });
});
