import { describe, expect, it } from "vitest";
import { markdownToJSON } from "./markdown";

describe("markdownToJSON", () => {
  it("reads a line ending inside a paragraph as a space (CommonMark's soft break), keeping hard breaks and code", () => {
    const json = markdownToJSON("Wrapped at\nforty *columns\nhere*  \nHard break.\n\n```\nline one\nline two\n```\n\n- an item\n  wrapped");
    expect(json.content).toEqual([
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Wrapped at forty " },
          { type: "text", text: "columns here", marks: [{ type: "italic" }] },
          { type: "hardBreak" },
          { type: "text", text: "Hard break." },
        ],
      },
      { type: "codeBlock", attrs: { language: null }, content: [{ type: "text", text: "line one\nline two" }] },
      {
        type: "bulletList",
        content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "an item wrapped" }] }] }],
      },
    ]);
  });
});
