import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { parseDocJSON } from "@/lib/editor/document";
import {
  acceptSuggestions,
  asIfAllAccepted,
  canonicalJSON,
  decideListed,
  listSuggestions,
  rejectSuggestions,
  withoutPendingSuggestions,
} from "./view";

const at = "2026-12-04T07:00:00.000Z";
const ins = (id: string, authorId = "alice") => ({ type: "suggestionInsert", attrs: { id, authorId, createdAt: at } });
const del = (id: string, authorId = "alice") => ({ type: "suggestionDelete", attrs: { id, authorId, createdAt: at } });
const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]): JSONContent => ({
  type: "text",
  text: value,
  ...(marks.length ? { marks } : {}),
});
const block = (kind: string, id: string, authorId = "alice") => ({ kind, id, authorId, createdAt: at });
const p = (content: JSONContent[], suggestion: object | null = null, id = "pppppppppp"): JSONContent => ({
  type: "paragraph",
  attrs: { id, suggestion },
  content,
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });
/** The words of each top-level block, to compare results at a glance. */
const words = (json: JSONContent) =>
  (json.content ?? []).map((node) => (node.content ?? []).map((child) => child.text ?? `[${child.type}]`).join(""));

const replacement = doc(p([text("The obligation is "), text("binding", del("s1")), text("emerging", ins("s1")), text(".")]));

describe("listSuggestions", () => {
  it("reads a deletion and an insertion under one id as one replacement, in document order", () => {
    const json = doc(
      p([text("Intro "), text("new", ins("s9", "bob"))], null, "aaaaaaaaaa"),
      ...replacement.content!,
      p([text("gone", del("s2", "bob"))], null, "cccccccccc"),
    );
    expect(listSuggestions(json)).toEqual([
      { id: "s9", kind: "insert", authorId: "bob", createdAt: at, text: "Insert 'new'", inserted: "new", deleted: "", position: 0 },
      {
        id: "s1",
        kind: "replace",
        authorId: "alice",
        createdAt: at,
        text: "Replace 'binding' with 'emerging'",
        inserted: "emerging",
        deleted: "binding",
        position: 1,
      },
      { id: "s2", kind: "delete", authorId: "bob", createdAt: at, text: "Delete 'gone'", inserted: "", deleted: "gone", position: 2 },
    ]);
  });

  it("names block suggestions, and keeps a run split by other marks as one text", () => {
    const json = doc(
      p([text("Kept.")]),
      p([text("A new ", ins("b1")), text("bold", ins("b1"), { type: "bold" }), text(" one.", ins("b1"))], block("insert", "b1")),
      p([text("Old paragraph.")], block("delete", "b2")),
      p([text("second half")], block("split", "b3")),
      p([text("joined")], block("join", "b4")),
    );
    expect(listSuggestions(json).map(({ id, kind, text }) => [id, kind, text])).toEqual([
      ["b1", "insert-block", "Insert paragraph 'A new bold one.'"],
      ["b2", "delete-block", "Delete paragraph 'Old paragraph.'"],
      ["b3", "split", "Start a new paragraph"],
      ["b4", "join", "Join two paragraphs"],
    ]);
  });

  it("lists both authors' deletions of the same words, and shortens long text", () => {
    const long = "word ".repeat(40);
    const json = doc(p([text("binding", del("s1", "alice"), del("s2", "bob")), text(long, ins("s3"))]));
    const listed = listSuggestions(json);
    expect(listed.map((s) => [s.id, s.authorId, s.kind])).toEqual([
      ["s1", "alice", "delete"],
      ["s2", "bob", "delete"],
      ["s3", "alice", "insert"],
    ]);
    expect(listed[2].text.length).toBeLessThan(80);
    expect(listed[2].text.endsWith("…'")).toBe(true);
  });
});

describe("accepting and rejecting", () => {
  it("accepts and rejects a replacement, merging the text left behind", () => {
    expect(acceptSuggestions(replacement, { ids: ["s1"] })).toEqual(doc(p([text("The obligation is emerging.")])));
    expect(rejectSuggestions(replacement, { ids: ["s1"] })).toEqual(doc(p([text("The obligation is binding.")])));
    expect(withoutPendingSuggestions(replacement)).toEqual(doc(p([text("The obligation is binding.")])));
    expect(asIfAllAccepted(replacement)).toEqual(doc(p([text("The obligation is emerging.")])));
  });

  it("leaves suggestions the filter does not select, by id or by author", () => {
    const json = doc(p([text("a", ins("s1", "alice")), text("b", ins("s2", "bob")), text("c", del("s3", "bob"))]));
    expect(words(rejectSuggestions(json, { authorId: "bob" }))).toEqual(["ac"]);
    expect(rejectSuggestions(json, { authorId: "bob" }).content![0].content).toEqual([text("a", ins("s1", "alice")), text("c")]);
    expect(words(acceptSuggestions(json, { ids: ["s3"] }))).toEqual(["ab"]);
    // Both parts must match: alice has no s2.
    expect(rejectSuggestions(json, { ids: ["s2"], authorId: "alice" })).toEqual(json);
  });

  it("never decides a mark that imitates another author's suggestion id", () => {
    const json = doc(p([text("real", ins("s1", "alice")), text("forged", ins("s1", "mallory"))]));
    expect(words(acceptSuggestions(json, { ids: ["s1"], authorId: "alice" }))).toEqual(["realforged"]);
    expect(acceptSuggestions(json, { ids: ["s1"], authorId: "alice" }).content![0].content).toEqual([
      text("real"),
      text("forged", ins("s1", "mallory")),
    ]);
  });

  it("keeps the other author's deletion when one of two overlapping deletions is rejected", () => {
    const json = doc(p([text("The "), text("binding", del("s1", "alice"), del("s2", "bob")), text(" rule")]));
    expect(rejectSuggestions(json, { ids: ["s1"] }).content![0].content).toEqual([
      text("The "),
      text("binding", del("s2", "bob")),
      text(" rule"),
    ]);
    expect(words(acceptSuggestions(json, { ids: ["s2"] }))).toEqual(["The  rule"]);
  });

  it("decides text inserted by one author and struck by another", () => {
    const json = doc(p([text("x"), text("new", ins("s1", "alice"), del("s2", "bob"))]));
    expect(words(rejectSuggestions(json, { ids: ["s1"] }))).toEqual(["x"]);
    expect(words(rejectSuggestions(json, { ids: ["s2"] }))).toEqual(["xnew"]);
    expect(words(acceptSuggestions(json, { ids: ["s1"] }))).toEqual(["xnew"]);
    expect(words(acceptSuggestions(json, {}))).toEqual(["x"]);
  });

  it("applies block insertions and deletions", () => {
    const json = doc(p([text("one")]), p([text("two", ins("b1"))], block("insert", "b1")), p([text("three")], block("delete", "b2")));
    expect(words(acceptSuggestions(json, {}))).toEqual(["one", "two"]);
    expect(acceptSuggestions(json, {}).content![1].attrs!.suggestion).toBeNull();
    expect(words(rejectSuggestions(json, {}))).toEqual(["one", "three"]);
    expect(rejectSuggestions(json, {}).content![1].attrs!.suggestion).toBeNull();
  });

  it("undoes a rejected split and performs an accepted join, merging the text", () => {
    const split = doc(p([text("Hello ")]), p([text("world")], block("split", "s1")));
    expect(rejectSuggestions(split, {})).toEqual(doc(p([text("Hello world")])));
    expect(words(acceptSuggestions(split, {}))).toEqual(["Hello ", "world"]);
    const join = doc(p([text("Hello ")]), p([text("world", { type: "bold" })], block("join", "j1")));
    expect(words(acceptSuggestions(join, {}))).toEqual(["Hello world"]);
    expect(words(rejectSuggestions(join, {}))).toEqual(["Hello ", "world"]);
  });

  it("removes a list emptied by a rejection, and never leaves a page without a block", () => {
    const item = { type: "listItem", attrs: { id: "l1", suggestion: block("insert", "b1") }, content: [p([text("x", ins("b1"))])] };
    const json = doc(p([text("before")]), { type: "bulletList", content: [item] });
    const rejected = rejectSuggestions(json, {});
    expect(words(rejected)).toEqual(["before"]);
    expect(() => parseDocJSON(rejected)).not.toThrow();
    const only = doc(p([text("new", ins("b1"))], block("insert", "b1")));
    expect(rejectSuggestions(only, {})).toEqual(doc({ type: "paragraph" }));
    expect(() => parseDocJSON(rejectSuggestions(only, {}))).not.toThrow();
  });

  it("decides listed suggestions of several authors all at once, as asIfAllAccepted reads them", () => {
    // Bob proposes joining his pasted text onto the paragraph Alice proposes to delete (seed 79338).
    // Accepting both: Alice's paragraph goes, Bob's text joins the paragraph before it. Decided
    // author by author (Bob first), it would join Alice's paragraph first and go with it.
    const json = doc(
      p([text("Kept ")]),
      p([text("Gone")], block("delete", "a1")),
      p([text("Joined "), text("pasted", ins("b1", "bob"))], block("join", "b1", "bob")),
    );
    const suggestions = listSuggestions(json);
    expect(suggestions.map((s) => s.authorId)).toEqual(["alice", "bob"]);
    const accepted = decideListed(json, "accept", [...suggestions].reverse());
    expect(words(accepted)).toEqual(["Kept Joined pasted"]);
    expect(canonicalJSON(accepted)).toBe(canonicalJSON(asIfAllAccepted(json)));
    expect(canonicalJSON(decideListed(json, "reject", suggestions))).toBe(canonicalJSON(withoutPendingSuggestions(json)));
  });

  it("gives documents with different key orders the same canonical JSON", () => {
    expect(canonicalJSON({ b: 1, a: [{ y: 2, x: null }] })).toBe(canonicalJSON({ a: [{ y: 2 }], b: 1 }));
  });
});
