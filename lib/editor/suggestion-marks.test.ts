import { describe, expect, it } from "vitest";
import { jsonFromYDoc, ydocFromJSON } from "./document";
import { renderStaticHTML } from "./render-html";
import { newSuggestionId } from "./suggestion-marks";

const at = "2026-12-04T07:00:00.000Z";
const insert = (id: string, authorId: string) => ({ type: "suggestionInsert", attrs: { id, authorId, createdAt: at } });
const strike = (id: string, authorId: string) => ({ type: "suggestionDelete", attrs: { id, authorId, createdAt: at } });

describe("suggestions in the document (the contract of issue 19)", () => {
  it("keep both reviewers' deletions of the same words through Yjs, and each author's insertion", () => {
    const json = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          attrs: { id: "aaaaaaaaaa", suggestion: null },
          content: [
            { type: "text", text: "The obligation is " },
            { type: "text", text: "binding", marks: [strike("s1", "alice"), strike("s2", "bob")] },
            { type: "text", text: "emerging", marks: [insert("s3", "alice")] },
          ],
        },
        {
          type: "paragraph",
          attrs: { id: "bbbbbbbbbb", suggestion: { kind: "insert", id: "s4", authorId: "bob", createdAt: at } },
          content: [{ type: "text", text: "A new paragraph.", marks: [insert("s4", "bob")] }],
        },
      ],
    };
    const back = jsonFromYDoc(ydocFromJSON(json));
    const [first, second] = back.content!;
    const struck = first.content![1];
    expect(struck.text).toBe("binding");
    expect(struck.marks).toHaveLength(2);
    expect(struck.marks!.map((m) => m.attrs!.authorId).sort()).toEqual(["alice", "bob"]);
    expect(first.content![2].marks).toEqual([insert("s3", "alice")]);
    expect(second.attrs!.suggestion).toEqual({ kind: "insert", id: "s4", authorId: "bob", createdAt: at });
  });

  it("render as <ins>/<del> with the author and time, escaped", () => {
    const html = renderStaticHTML(
      {
        type: "doc",
        content: [{ type: "paragraph", content: [{ type: "text", text: "new", marks: [insert("s1", 'x"><script>')] }] }],
      },
      undefined,
    );
    expect(html).toContain('<ins data-suggestion="s1" data-author="x&quot;&gt;&lt;script&gt;"');
    expect(html).not.toContain("<script>");
  });

  it("have ids that are random, not counters", () => {
    const ids = new Set(Array.from({ length: 1000 }, newSuggestionId));
    expect(ids.size).toBe(1000);
    expect([...ids].every((id) => /^s[a-z0-9]{16}$/.test(id))).toBe(true);
  });
});
