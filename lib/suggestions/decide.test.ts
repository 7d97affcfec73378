import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { decideOnBody } from "./decide";

const at = "2026-12-04T07:00:00.000Z";
const ins = (id: string, authorId: string) => ({ type: "suggestionInsert", attrs: { id, authorId, createdAt: at } });
const del = (id: string, authorId: string) => ({ type: "suggestionDelete", attrs: { id, authorId, createdAt: at } });
const text = (value: string, mark?: { type: string; attrs: Record<string, unknown> }): JSONContent => ({
  type: "text",
  text: value,
  ...(mark ? { marks: [mark] } : {}),
});
const doc = (content: JSONContent[]): JSONContent => ({ type: "doc", content: [{ type: "paragraph", attrs: { id: "p1" }, content }] });
const words = (json: JSONContent | null) => (json?.content?.[0].content ?? []).map((node) => node.text).join("");

// Alice proposes "firmly", Bob proposes deleting "very"; Mallory put a mark under Alice's id.
const body = doc([
  text("The "),
  text("very ", del("b1", "bob")),
  text("firmly ", ins("a1", "alice")),
  text("truly ", ins("a1", "mallory")),
  text("binding."),
]);

describe("decideOnBody", () => {
  it("decides one suggestion on its own author's parts and answers it", () => {
    const { next, decided } = decideOnBody(body, { decision: "accept", of: { suggestionId: "a1" } });
    expect(decided.map((s) => [s.id, s.authorId])).toEqual([["a1", "alice"]]);
    // Mallory's part under Alice's id stays pending, as does Bob's suggestion.
    expect(words(next)).toBe("The very firmly truly binding.");
    expect(decideOnBody(next!, { decision: "accept", of: { suggestionId: "b1" } }).decided.map((s) => s.id)).toEqual(["b1"]);
  });

  it("rejects every pending suggestion, or one author's", () => {
    expect(words(decideOnBody(body, { decision: "reject", of: { all: true } }).next)).toBe("The very truly binding.");
    const bobs = decideOnBody(body, { decision: "accept", of: { all: true, authorId: "bob" } });
    expect(bobs.decided.map((s) => s.id)).toEqual(["b1"]);
    expect(words(bobs.next)).toBe("The firmly truly binding.");
  });

  it("answers nothing to do for a suggestion no longer pending, and leaves the body alone", () => {
    const first = decideOnBody(body, { decision: "reject", of: { suggestionId: "b1" } });
    expect(decideOnBody(first.next!, { decision: "accept", of: { suggestionId: "b1" } })).toEqual({ next: null, decided: [] });
    expect(decideOnBody(body, { decision: "accept", of: { all: true, authorId: "nobody" } })).toEqual({ next: null, decided: [] });
  });
});
