import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { seededRandom } from "@/tests/helpers/random-edits";
import { jsonFromYDoc, parseDocJSON, textFromJSON, textFromValidJSON, validDocJSON } from "./document";
import { DOCUMENT_FRAGMENT } from "./extensions";

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

  it("reads a document's text without U+0000 (PostgreSQL cannot store it), the same both ways", () => {
    const doc = { type: "doc", content: [{ type: "paragraph", content: [text("due\u0000 diligence\u0000")] }] };
    expect(textFromJSON(doc)).toBe("due diligence");
    expect(textFromValidJSON(doc)).toBe("due diligence");
  });
});

describe("Yjs content the ProseMirror binding cannot read", () => {
  it("leaves out Yjs types other than elements and text (a client can insert a Y.Map), keeping the rest", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    const paragraph = new Y.XmlElement("paragraph");
    const words = new Y.XmlText();
    words.insert(0, "Still ");
    words.insert(6, "here", { bold: {} });
    paragraph.insert(0, [words]);
    // Not something the editor makes: an XmlHook (a Y.Map) among the blocks.
    fragment.insert(0, [paragraph, new Y.XmlHook("sneaky") as unknown as Y.XmlText]);
    expect(jsonFromYDoc(doc)).toEqual({
      type: "doc",
      content: [{ type: "paragraph", content: [text("Still "), { type: "text", text: "here", marks: [{ type: "bold" }] }] }],
    });
  });
});

describe("checking a page block by block", () => {
  // Blocks valid on their own and not, some only where the page may hold them (a list item, text).
  const paragraph = (words: string): JSONContent => ({ type: "paragraph", attrs: { id: words }, content: [text(words)] });
  const POOL: JSONContent[] = [
    paragraph("one"),
    paragraph("two"),
    { type: "heading", attrs: { level: 2 }, content: [text("Title")] },
    { type: "bulletList", content: [{ type: "listItem", content: [paragraph("item")] }] },
    { type: "listItem", content: [paragraph("stray item")] },
    { type: "horizontalRule" },
    { type: "paragraph" },
    text("loose text"),
    { type: "paragraph", content: [paragraph("nested")] },
    { type: "codeBlock", content: [{ type: "text", text: "x", marks: [{ type: "bold" }] }] },
    { type: "paragraph", content: [{ type: "text", text: "" }] },
    { type: "pbragraph", content: [text("unknown")] },
    { type: "bulletList", content: [] },
    { type: "paragraph", content: [{ type: "text", text: "marked", marks: [{ type: "sparkle" }] }] },
    { type: "blockquote", content: [paragraph("quoted")] },
  ];
  const parses = (json: JSONContent) => {
    try {
      parseDocJSON(json);
      return true;
    } catch {
      return false;
    }
  };

  it("finds valid exactly the pages ProseMirror parses, the same on every call, on seeded random pages", () => {
    const seed = Number(process.env.CHECKED_BLOCKS_SEED ?? 20261204);
    const rng = seededRandom(seed);
    let valid = 0;
    for (let i = 0; i < 2000; i++) {
      const json: JSONContent = { type: "doc", content: Array.from({ length: rng.int(5) }, () => rng.pick(POOL)) };
      const expected = parses(json);
      if (expected) valid++;
      for (let call = 0; call < 2; call++)
        expect({ seed, i, call, valid: validDocJSON(json) === json }).toEqual({ seed, i, call, valid: expected });
    }
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(1900);
  });
});
