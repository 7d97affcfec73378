import { EditorState } from "@tiptap/pm/state";
import type { Decoration } from "@tiptap/pm/view";
import { describe, expect, it } from "vitest";
import { editorSchema } from "../document";
import { del, docJSON, ins, p, withBlockSuggestion } from "./test-support";
import { SUGGESTION_TOOLTIP_REFRESH, suggestionTooltipKey, suggestionTooltipPlugin } from "./tooltip";

const names: Record<string, string> = { alice: "Alice Archer", bob: "Bob Baker" };

function decorationsOf(state: EditorState): { from: number; to: number; attrs: Record<string, string> }[] {
  return suggestionTooltipKey
    .getState(state)!
    .find()
    .map((d: Decoration) => ({ from: d.from, to: d.to, attrs: (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs }))
    .sort((a, b) => a.from - b.from || b.to - a.to);
}

describe("suggestionTooltipPlugin", () => {
  const json = docJSON(p("A ", ins("new", "alice"), del("old", "bob"), " B"), withBlockSuggestion(p("more"), "split", "bob"));
  const colours = (id: string) => (id === "alice" ? "#111111" : "#222222");

  it("names the suggester of each piece of text and each block, in their colour", () => {
    let known = { ...names };
    const plugin = suggestionTooltipPlugin((id) => known[id] ?? "Someone", colours);
    const state = EditorState.create({ doc: editorSchema().nodeFromJSON(json), plugins: [plugin] });
    const found = decorationsOf(state);
    expect(found.map((d) => d.attrs.title)).toEqual([
      "Alice Archer suggested adding this",
      "Bob Baker suggested removing this",
      "Bob Baker suggested a paragraph break before this",
    ]);
    expect(found[0].attrs.style).toBe("--suggestion-author: #111111");
    expect(found[2].attrs.style).toBe("--suggestion-author: #222222");
    expect(state.doc.textBetween(found[0].from, found[0].to)).toBe("new");

    known = { alice: "Alice A.", bob: "Bob B." };
    const refreshed = state.apply(state.tr.setMeta(SUGGESTION_TOOLTIP_REFRESH, true));
    expect(decorationsOf(refreshed)[0].attrs.title).toBe("Alice A. suggested adding this");
  });

  it("lists every suggester of text that has several", () => {
    const overlap = docJSON(p({ ...ins("x", "bob"), marks: [...ins("x", "bob").marks!, ...del("x", "alice").marks!] }));
    const plugin = suggestionTooltipPlugin((id) => names[id], colours);
    const state = EditorState.create({ doc: editorSchema().nodeFromJSON(overlap), plugins: [plugin] });
    expect(decorationsOf(state)[0].attrs.title).toBe("Bob Baker suggested adding this; Alice Archer suggested removing this");
  });
});
