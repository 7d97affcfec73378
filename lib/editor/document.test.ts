import { describe, expect, it } from "vitest";
import { textFromJSON, validDocJSON } from "./document";

const text = (t: string) => ({ type: "text", text: t });

describe("documents written by misbehaving clients", () => {
  it("keep what the schema knows and the words of what it does not", () => {
    const doc = {
      type: "doc",
      content: [
        { type: "paragraph", content: [text("Kept "), { type: "text", text: "bold", marks: [{ type: "bold" }, { type: "sparkle" }] }] },
        { type: "pbragraph", content: [text("lost node")] },
        { type: "paragraph", content: [{ type: "paragraph", content: [text("nested words")] }] },
        { type: "heading", attrs: { level: 2 }, content: [text("")] },
      ],
    };
    const valid = validDocJSON(doc);
    expect(textFromJSON(valid)).toBe("Kept bold\n\nlost node\n\nnested words");
    expect(valid.content?.[0].content?.[1].marks).toEqual([{ type: "bold" }]);
  });
});
