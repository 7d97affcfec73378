import type { Content } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { editorSchema, jsonFromYDoc, ydocFromJSON } from "./document";
import { DOCUMENT_FRAGMENT } from "./extensions";
import { startFromYjs, type YjsMapping } from "./start-from-yjs";

/** What startFromYjs needs of a Tiptap editor: its schema, and the options it sets (the first document). */
function editorStandIn() {
  const given: { content?: Content } = {};
  return { given, editor: { schema: editorSchema(), setOptions: (options: { content?: Content }) => Object.assign(given, options) } };
}

const PAGE = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2, id: "aaaaaaaaaa" }, content: [{ type: "text", text: "Due diligence" }] },
    { type: "paragraph", attrs: { id: "bbbbbbbbbb" }, content: [{ type: "text", text: "States must not knowingly allow " }] },
    {
      type: "bulletList",
      content: [{ type: "listItem", attrs: { id: "cccccccccc" }, content: [{ type: "paragraph", attrs: { id: "dddddddddd" } }] }],
    },
  ],
};

describe("startFromYjs: the live editor's first document, straight from the page's Yjs state", () => {
  it("is the page as the Y.Doc holds it, and the binding's mapping points at that document's own nodes", () => {
    const doc = ydocFromJSON(PAGE);
    const { editor, given } = editorStandIn();
    const mapping: YjsMapping = new Map();
    startFromYjs(editor, doc, mapping);

    const first = given.content as unknown as PMNode;
    expect(first.eq(editorSchema().nodeFromJSON(jsonFromYDoc(doc)))).toBe(true);
    expect(first.textContent).toBe("Due diligenceStates must not knowingly allow ");
    // The binding skips its re-render only if what it maps each Yjs block to is the node in the
    // editor's document itself (it compares by identity); a copy would make it rebuild the page
    // on the first remote change.
    const blocks = doc.getXmlFragment(DOCUMENT_FRAGMENT).toArray();
    expect(blocks).toHaveLength(first.childCount);
    blocks.forEach((block, i) => expect(mapping.get(block as Y.XmlElement)).toBe(first.child(i)));
  });

  it("starts each editor afresh: a mapping left from an editor created before (React's strict mode creates two) is cleared", () => {
    const mapping: YjsMapping = new Map();
    startFromYjs(editorStandIn().editor, ydocFromJSON(PAGE), mapping);
    const doc = ydocFromJSON(PAGE);
    startFromYjs(editorStandIn().editor, doc, mapping);
    expect(mapping.size).toBeGreaterThan(0);
    expect([...mapping.keys()].every((type) => type.doc === doc)).toBe(true);
  });

  it("leaves an empty page to Tiptap's empty paragraph, with nothing mapped", () => {
    const { editor, given } = editorStandIn();
    const mapping: YjsMapping = new Map([[new Y.XmlText(), []]]);
    startFromYjs(editor, new Y.Doc(), mapping);
    expect(given.content).toBeUndefined();
    expect(mapping.size).toBe(0);
  });
});
