import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { contentWithoutSuggestions, holdsSuggestions, textWithoutSuggestions } from "./settled";

const at = "2026-12-04T07:00:00.000Z";
const mark = (type: string, id: string) => ({ type, attrs: { id, authorId: "rita", createdAt: at } });
const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]): JSONContent => ({
  type: "text",
  text: value,
  ...(marks.length ? { marks } : {}),
});
const p = (content: JSONContent[], suggestion: object | null = null): JSONContent => ({
  type: "paragraph",
  attrs: { suggestion },
  content,
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });

describe("the text of record", () => {
  it("leaves pending insertions out and keeps pending deletions, inline and whole blocks", () => {
    const json = doc(
      p([
        text("The duty is "),
        text("binding", mark("suggestionDelete", "s1")),
        text("emerging", mark("suggestionInsert", "s1")),
        text("."),
      ]),
      p([text("A proposed paragraph.")], { kind: "insert", id: "s2", authorId: "rita", createdAt: at }),
      p([text("A paragraph proposed for removal.")], { kind: "delete", id: "s3", authorId: "rita", createdAt: at }),
    );
    expect(holdsSuggestions(json)).toBe(true);
    expect(textWithoutSuggestions(json)).toBe("The duty is binding.\n\nA paragraph proposed for removal.");
    expect(holdsSuggestions(contentWithoutSuggestions(json))).toBe(false);
  });

  it("hands a document without suggestions back untouched, even one that rejecting would tidy", () => {
    // An empty bullet list: rejecting removes a container left without blocks; a page nobody
    // suggested on must read exactly as it did before suggestions existed.
    const json = doc(p([text("Plain "), text("bold", { type: "bold" })]), { type: "bulletList", content: [] });
    expect(holdsSuggestions(json)).toBe(false);
    expect(contentWithoutSuggestions(json)).toBe(json);
  });

  it("finds a suggestion however deep it sits (a list item's paragraph)", () => {
    const json = doc({
      type: "bulletList",
      content: [{ type: "listItem", content: [p([text("Item "), text("new", mark("suggestionInsert", "s4"))])] }],
    });
    expect(holdsSuggestions(json)).toBe(true);
    expect(textWithoutSuggestions(json)).toBe("Item");
  });
});
