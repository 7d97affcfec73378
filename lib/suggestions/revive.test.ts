import { describe, expect, it } from "vitest";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "@/lib/editor/suggestion-marks";
import { reviveSuggestions } from "./revive";

const attrs = (id: string) => ({ id, authorId: "u1", createdAt: "2026-12-04T07:00:00.000Z" });
const replacement = (id: string) => ({
  type: "paragraph",
  attrs: { id: "b1" },
  content: [
    { type: "text", text: "binding", marks: [{ type: SUGGESTION_DELETE, attrs: attrs(id) }] },
    { type: "text", text: "emerging", marks: [{ type: "bold" }, { type: SUGGESTION_INSERT, attrs: attrs(id) }] },
  ],
});
const insertedBlock = (id: string) => ({
  type: "paragraph",
  attrs: { id: "b2", [BLOCK_SUGGESTION_ATTRIBUTE]: { kind: "insert", ...attrs(id) } },
  content: [{ type: "text", text: "New.", marks: [{ type: SUGGESTION_INSERT, attrs: attrs(id) }] }],
});

describe("reviveSuggestions", () => {
  it("gives each decided suggestion one fresh id across its marks and block attribute, keeping author and time", () => {
    const doc = { type: "doc", content: [replacement("old1"), insertedBlock("old2")] };
    const revived = reviveSuggestions(doc, new Set(["old1", "old2"]));
    const [para, block] = revived.content!;
    const deleteId = para.content![0].marks![0].attrs!.id;
    expect(deleteId).not.toBe("old1");
    expect(para.content![1].marks).toEqual([{ type: "bold" }, { type: SUGGESTION_INSERT, attrs: { ...attrs("old1"), id: deleteId } }]);
    const blockId = block.attrs![BLOCK_SUGGESTION_ATTRIBUTE].id;
    expect(blockId).not.toBe("old2");
    expect(blockId).not.toBe(deleteId);
    expect(block.content![0].marks![0].attrs!.id).toBe(blockId);
    expect(block.attrs![BLOCK_SUGGESTION_ATTRIBUTE]).toMatchObject({ kind: "insert", authorId: "u1" });
  });

  it("leaves pending suggestions and documents without decided ones as they are", () => {
    const doc = { type: "doc", content: [replacement("pending")] };
    expect(reviveSuggestions(doc, new Set())).toBe(doc);
    expect(reviveSuggestions(doc, new Set(["other"]))).toEqual(doc);
  });
});
