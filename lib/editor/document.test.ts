import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { jsonFromYDoc, textFromJSON, validDocJSON } from "./document";
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
