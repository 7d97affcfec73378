import type { JSONContent } from "@tiptap/core";
import { splitListItem } from "@tiptap/pm/schema-list";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import { editorSchema } from "../document";
import {
  type Action,
  backspace,
  bold,
  compose,
  del,
  deleteBlocks,
  docJSON,
  enter,
  forwardDelete,
  ins,
  makeHeading,
  p,
  paste,
  render,
  run,
  stateAt,
  suggest,
  type,
  withBlockSuggestion,
  wordBackspace,
} from "./test-support";
import type { RefusalReason } from "./transform";

const ALICE = "alice";

const splitItem: Action = (state) => {
  let made: Transaction | null = null;
  splitListItem(editorSchema().nodes.listItem)(state, (tr) => (made = tr));
  return made;
};

const list = (...items: JSONContent[]): JSONContent => ({
  type: "bulletList",
  content: items.map((item, i) => ({
    type: "listItem",
    attrs: { id: `item${i}00000` },
    content: [{ ...item, attrs: { id: `itemp${i}0000` } }],
  })),
});

type Row = { name: string; doc: JSONContent; actions: Action[]; expected: string; cursorAfter?: string };

/**
 * Each row: a document (`|` marks the cursor, two of them a selection), what alice does in
 * Suggesting mode, and the document afterwards (see `render`). Every step of every row also keeps
 * THE invariant: with alice's suggestions rejected, the document is what it was.
 */
const ROWS: Row[] = [
  // Typing
  { name: "typing into accepted text", doc: docJSON(p("The |duty")), actions: [type("x")], expected: "The [x +alice/1]duty" },
  {
    name: "a typed word is one suggestion",
    doc: docJSON(p("The |duty")),
    actions: [type("n"), type("e"), type("w"), type(" ")],
    expected: "The [new  +alice/1]duty",
  },
  {
    name: "typing on after one's own pending insertion extends it",
    doc: docJSON(p("A ", ins("new|", ALICE), " B")),
    actions: [type("er")],
    expected: "A [newer +alice/1] B",
  },
  {
    name: "typing after someone else's insertion is a new suggestion of one's own",
    doc: docJSON(p("A ", ins("new|", "bob"), " B")),
    actions: [type("x")],
    expected: "A [new +bob/1][x +alice/2] B",
  },
  // Backspace and Delete
  {
    name: "backspace strikes accepted text and moves before it",
    doc: docJSON(p("abc|d")),
    actions: [backspace, backspace],
    expected: "a[bc -alice/1]d",
    cursorAfter: "a|",
  },
  {
    name: "delete strikes forward and moves after it",
    doc: docJSON(p("ab|cd")),
    actions: [forwardDelete, forwardDelete],
    expected: "ab[cd -alice/1]",
    cursorAfter: "abcd|",
  },
  {
    name: "backspace through one's own insertion removes it for real",
    doc: docJSON(p("A ", ins("new|", ALICE), " B")),
    actions: [backspace, backspace],
    expected: "A [n +alice/1] B",
  },
  {
    name: "backspace past one's own insertion strikes the accepted text before it",
    doc: docJSON(p("A", ins("n|", ALICE), " B")),
    actions: [backspace, backspace],
    expected: "[A -alice/1] B",
  },
  {
    name: "backspace over someone else's insertion strikes it (as mine)",
    doc: docJSON(p("A ", ins("new|", "bob"), " B")),
    actions: [backspace],
    expected: "A [ne +bob/1][w +bob/1 -alice/2] B",
  },
  {
    name: "deleting what someone else struck adds my strike beside theirs",
    doc: docJSON(p("ab", del("c", "bob"), "|d")),
    actions: [backspace],
    expected: "ab[c -bob/1 -alice/2]d",
  },
  {
    name: "backspace over my own strike only moves the cursor",
    doc: docJSON(p("ab", del("c", ALICE), "|d")),
    actions: [backspace, backspace],
    expected: "a[bc -alice/1]d",
  },
  {
    name: "word delete strikes the word",
    doc: docJSON(p("The binding| term")),
    actions: [wordBackspace],
    expected: "The [binding -alice/1] term",
  },
  // Replacing a selection
  {
    name: "typing over a selection is one replacement",
    doc: docJSON(p("The |binding| term")),
    actions: [type("e"), type("merging")],
    expected: "The [binding -alice/1][emerging +alice/1] term",
    cursorAfter: "The bindingemerging|",
  },
  {
    name: "retyping over one's own insertion keeps one suggestion",
    doc: docJSON(p("A ", ins("|old|", ALICE, "s-mine"), " B")),
    actions: [type("new")],
    expected: "A [new +alice/1] B",
  },
  // Paste
  { name: "inline paste", doc: docJSON(p("A | B")), actions: [paste([p("x y")])], expected: "A [x y +alice/1] B" },
  {
    name: "multi-paragraph paste into a paragraph: new blocks, the last carrying the old tail",
    doc: docJSON(p("ab|cd")),
    actions: [paste([p("X"), p("Y"), p("Z")])],
    expected: "ab[X +alice/1] ¶ <insert alice/1>[Y +alice/1] ¶ <split alice/1>[Z +alice/1]cd",
  },
  {
    name: "paste over a selection",
    doc: docJSON(p("a|bc|d")),
    actions: [paste([p("X")])],
    expected: "a[bc -alice/1][X +alice/1]d",
  },
  // IME
  {
    name: "IME composition replacing its text again and again stays one suggestion",
    doc: docJSON(p("A |B")),
    actions: [compose("k", 0), compose("ka", 1), compose("kan", 2), compose("漢", 3)],
    expected: "A [漢 +alice/1]B",
  },
  // Enter and Backspace at block edges
  { name: "Enter in mid-paragraph splits", doc: docJSON(p("ab|cd")), actions: [enter], expected: "ab ¶ <split alice/1>cd" },
  { name: "Enter at the end", doc: docJSON(p("ab|")), actions: [enter], expected: "ab ¶ <split alice/1>" },
  {
    name: "Enter at the start inserts an empty block in front (the text keeps its block)",
    doc: docJSON(p("|ab")),
    actions: [enter],
    expected: "<insert alice/1> ¶ ab",
  },
  {
    name: "Enter then typing is one suggestion",
    doc: docJSON(p("ab|")),
    actions: [enter, type("X")],
    expected: "ab ¶ <split alice/1>[X +alice/1]",
  },
  {
    name: "Enter in a list item splits the item",
    doc: docJSON(list(p("ab|cd"))),
    actions: [splitItem],
    expected: "bulletList(listItem(ab) ¶ <split alice/1>listItem(cd))",
  },
  {
    name: "Backspace at a block's start proposes a join",
    doc: docJSON(p("ab"), p("|cd")),
    actions: [backspace],
    expected: "ab ¶ <join alice/1>cd",
  },
  {
    name: "Delete at a block's end proposes a join",
    doc: docJSON(p("ab|"), p("cd")),
    actions: [forwardDelete],
    expected: "ab ¶ <join alice/1>cd",
  },
  {
    name: "Backspace at the start of one's own split joins for real",
    doc: docJSON(p("ab"), withBlockSuggestion(p("|cd"), "split", ALICE)),
    actions: [backspace],
    expected: "abcd",
  },
  {
    name: "Enter then Backspace leaves nothing",
    doc: docJSON(p("ab|cd")),
    actions: [enter, backspace],
    expected: "abcd",
  },
  {
    name: "Backspace at the start of one's own new block of one's own text joins for real",
    doc: docJSON(p("ab"), withBlockSuggestion(p(ins("|X", ALICE)), "insert", ALICE)),
    actions: [backspace],
    expected: "ab[X +alice/1]",
  },
  // Whole blocks and selections across blocks
  {
    name: "deleting a whole block",
    doc: docJSON(p("a"), p("b"), p("c")),
    actions: [deleteBlocks(1, 1)],
    expected: "a ¶ <delete alice/1>b ¶ c",
  },
  {
    name: "deleting one's own inserted block removes it",
    doc: docJSON(p("a"), withBlockSuggestion(p(ins("b", ALICE)), "insert", ALICE), p("c")),
    actions: [deleteBlocks(1, 1)],
    expected: "a ¶ c",
  },
  {
    name: "deleting a selection across blocks",
    doc: docJSON(p("a|b"), p("c"), p("d|e")),
    actions: [backspace],
    expected: "a[b -alice/1] ¶ <delete alice/1>c ¶ <join alice/1>[d -alice/1]e",
  },
  {
    name: "typing over a selection across blocks",
    doc: docJSON(p("a|b"), p("d|e")),
    actions: [type("X")],
    expected: "a[b -alice/1] ¶ <join alice/1>[d -alice/1][X +alice/1]e",
  },
  {
    name: "another suggester on the same words keeps both authors",
    doc: docJSON(p("The ", del("|binding|", "bob"), " term")),
    actions: [type("firm")],
    expected: "The [binding -bob/1 -alice/2][firm +alice/2] term",
  },
];

describe("Suggesting: editing steps and the suggestions they make", () => {
  it.each(ROWS)("$name", ({ doc, actions, expected, cursorAfter }) => {
    const { state, results } = run(stateAt(doc), actions, ALICE);
    expect(results.map((r) => r.kind)).not.toContain("refuse");
    expect(render(state.doc)).toBe(expected);
    if (cursorAfter) expect(textBefore(state)).toBe(cursorAfter.replace("|", ""));
  });
});

function textBefore(state: EditorState): string {
  return state.doc.textBetween(state.selection.$head.start(), state.selection.head);
}

describe("Suggesting: what is refused (the transaction is dropped)", () => {
  const refusals: { name: string; doc: JSONContent; action: Action; reason: RefusalReason }[] = [
    { name: "bold", doc: docJSON(p("a|bc|d")), action: bold, reason: "formatting" },
    { name: "turning a paragraph into a heading", doc: docJSON(p("a|bc")), action: makeHeading, reason: "structure" },
    {
      name: "typing in a code block (no marks allowed there)",
      doc: docJSON({ type: "codeBlock", content: [{ type: "text", text: "x = |1" }] }),
      action: type("2"),
      reason: "code-block",
    },
    {
      name: "splitting a block someone else proposed to insert",
      doc: docJSON(withBlockSuggestion(p(ins("ab|cd", "bob")), "insert", "bob")),
      action: enter,
      reason: "foreign-suggestion",
    },
    {
      name: "joining a block someone else proposed",
      doc: docJSON(p("ab"), withBlockSuggestion(p("|cd"), "split", "bob")),
      action: backspace,
      reason: "foreign-suggestion",
    },
  ];
  it.each(refusals)("$name", ({ doc, action, reason }) => {
    const before = stateAt(doc);
    const { result, after } = suggest(before, action, ALICE);
    expect(result).toEqual({ kind: "refuse", reason });
    expect(after.doc.eq(before.doc)).toBe(true);
  });
});

describe("Suggesting: what passes through unchanged", () => {
  it("remote changes and undo/redo arrive from Yjs and are applied as they are", () => {
    const state = stateAt(docJSON(p("ab|")));
    const remote = state.tr.insertText("z").setMeta(ySyncPluginKey, { isChangeOrigin: true, isUndoRedoOperation: true });
    const { result, after } = suggest(state, () => remote, ALICE);
    expect(result).toEqual({ kind: "pass" });
    expect(render(after.doc)).toBe("abz");
  });

  it("block ids given by UniqueID when the editor opens (addToHistory false, nothing else changed)", () => {
    const state = stateAt({ type: "doc", content: [{ ...p("ab|"), attrs: { id: null } }] });
    const ids = (s: EditorState) => s.tr.setNodeAttribute(0, "id", "newid00000").setMeta("addToHistory", false);
    expect(suggest(state, ids, ALICE).result).toEqual({ kind: "pass" });
    // The same kind of transaction changing anything else is an edit like any other.
    const edit = (s: EditorState) => s.tr.setNodeAttribute(0, "suggestion", null).insertText("x").setMeta("addToHistory", false);
    expect(suggest(state, edit, ALICE).result.kind).toBe("refuse");
  });

  it("selection changes", () => {
    const state = stateAt(docJSON(p("ab|")));
    const { result } = suggest(state, (s) => s.tr.setSelection(s.selection), ALICE);
    expect(result).toEqual({ kind: "pass" });
  });

  it("keeps the user's meta (paste, ui events) on the suggesting transaction", () => {
    const state = stateAt(docJSON(p("ab|")));
    const { result } = suggest(state, (s) => s.tr.insertText("z").setMeta("paste", true).setMeta("uiEvent", "paste"), ALICE);
    expect(result.kind).toBe("suggest");
    if (result.kind === "suggest") expect(result.transaction.getMeta("uiEvent")).toBe("paste");
  });
});
