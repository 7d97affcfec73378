import { describe, expect, it } from "vitest";
import { parseDocJSON } from "@/lib/editor/document";
import { suggestionPositions } from "./positions";

const at = "2026-12-04T07:00:00.000Z";
const insert = (id: string) => ({ type: "suggestionInsert", attrs: { id, authorId: "rita", createdAt: at } });
const strike = (id: string) => ({ type: "suggestionDelete", attrs: { id, authorId: "rita", createdAt: at } });

describe("suggestionPositions", () => {
  it("places each suggestion at its first marked character or its block, as ProseMirror positions", () => {
    const doc = parseDocJSON({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "The obligation is " },
            { type: "text", text: "binding", marks: [strike("replace")] },
            { type: "text", text: "emerging", marks: [insert("replace")] },
            { type: "text", text: " on States." },
          ],
        },
        {
          type: "paragraph",
          attrs: { suggestion: { kind: "insert", id: "block", authorId: "rita", createdAt: at } },
          content: [{ type: "text", text: "New.", marks: [insert("block")] }],
        },
      ],
    });
    const positions = suggestionPositions(doc);
    // Position 1 is the first paragraph's first character; "The obligation is " is 18 long.
    expect(positions.get("replace")).toBe(19);
    expect(doc.textBetween(19, 26)).toBe("binding");
    // The second paragraph starts where the first one closes: its block position, before its text.
    expect(positions.get("block")).toBe(doc.child(0).nodeSize);
    expect([...positions.keys()]).toEqual(["replace", "block"]);
    // Asked again about the same document: the same answer, without walking it again.
    expect(suggestionPositions(doc)).toBe(positions);
  });
});
