import { splitListItem } from "@tiptap/pm/schema-list";
import { type EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { editorSchema } from "../document";
import {
  type Action,
  deleteBlocks,
  assertInvariant,
  backspace,
  compose,
  docJSON,
  enter,
  forwardDelete,
  p,
  paste,
  render,
  stateAt,
  suggest,
  type,
  wordBackspace,
} from "./test-support";

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every position where a cursor can be (inside textblocks). */
function cursorPositions(state: EditorState): number[] {
  const positions: number[] = [];
  state.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    for (let i = 0; i <= node.content.size; i++) positions.push(pos + 1 + i);
    return false;
  });
  return positions;
}

const AUTHORS = ["alice", "bob"];

const item = (text: string) => ({ type: "listItem", content: [p(text)] });

const splitItem: Action = (state) => {
  let made: Transaction | null = null;
  splitListItem(editorSchema().nodes.listItem)(state, (tr) => (made = tr));
  return made;
};

describe("Suggesting fuzz: two suggesters editing one document at random", () => {
  it.each(Array.from({ length: Number(process.env.FUZZ_SEEDS ?? 60) }, (_, i) => i + 1))(
    "seed %i keeps the invariant at every step",
    (seed) => {
      const next = random(seed);
      const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
      let state = stateAt(
        docJSON(
          p("|The obligation is binding."),
          { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "A heading" }] },
          p("Second paragraph here."),
          { type: "bulletList", content: [item("First item"), item("Second item")] },
          p("Third one."),
        ),
      );
      const twoIndexes = (s: EditorState): [number, number] => {
        const first = Math.floor(next() * s.doc.childCount);
        return [first, Math.min(s.doc.childCount - 1, first + Math.floor(next() * 2))];
      };
      const log: string[] = [];
      for (let step = 0; step < 40; step++) {
        const author = pick(AUTHORS);
        const positions = cursorPositions(state);
        const anchor = pick(positions);
        const head = next() < 0.3 ? pick(positions) : anchor;
        state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, anchor, head)));
        const word = pick(["a", "new ", "x", "emerging", " "]);
        const actions: [string, Action][] = [
          [`type ${word}`, type(word)],
          ["backspace", backspace],
          ["delete", forwardDelete],
          ["word backspace", wordBackspace],
          ["enter", enter],
          ["paste", paste([p("P1"), p("P2")])],
          ["paste inline", paste([p("pasted")])],
          ["paste whole blocks", paste([p("W1"), p("W2")], 0)],
          ["split list item", splitItem],
          ["delete a whole block", (s) => deleteBlocks(...twoIndexes(s))(s)],
        ];
        const [name, action] = pick(actions);
        const steps: [string, Action][] =
          name === "type a"
            ? [
                ["compose", compose("k", 0)],
                ["compose", compose("ka", 1)],
                ["compose", compose("か", 2)],
              ]
            : [[name, action]];
        for (const [label, act] of steps) {
          log.push(`${author} ${label} at ${anchor}-${head}`);
          let result;
          try {
            result = suggest(state, act, author);
          } catch (error) {
            // A key press ProseMirror itself cannot make here (e.g. a join at the document's edge).
            if (String(error).includes("RangeError") || String(error).includes("Structure")) continue;
            throw error;
          }
          const { after } = result;
          after.doc.check();
          try {
            assertInvariant(state, after, author);
            // …and so the accepted text (all pending suggestions rejected) is unchanged too.
            assertInvariant(state, after, null);
          } catch (error) {
            const tr = act(state);
            const detail = process.env.FUZZ_DEBUG
              ? `\nuser steps: ${JSON.stringify(tr?.steps.map((s) => s.toJSON()))}\nselection: ${state.selection.from}-${state.selection.to}\nbefore json: ${JSON.stringify(state.doc.toJSON())}\n`
              : "";
            throw new Error(
              `${String(error)}\nsteps:\n${log.join("\n")}\nbefore: ${render(state.doc)}\nafter:  ${render(after.doc)}${detail}`,
            );
          }
          state = after;
          if (process.env.FUZZ_DEBUG) log.push(`   → ${result.result.kind} ${render(state.doc)}`);
        }
      }
      expect(state.doc.childCount).toBeGreaterThan(0);
    },
  );
});
