import type { EditorState, Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { Suggesting, type SuggestingOptions, type SuggestingStorage } from "./extension";
import { docJSON, p, render, stateAt } from "./test-support";
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
});
