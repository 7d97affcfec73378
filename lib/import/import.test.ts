import { describe, expect, it } from "vitest";
import { parseDocJSON } from "@/lib/editor/document";
import { htmlTreeToDocument } from "./html-to-doc";
import { parseHtml } from "./html-tree";
import { convertMarkdown } from "./markdown";

/** The shape mammoth gives a Word file with a footnote, a nested list, a table and two links. */
const MAMMOTH_HTML =
  '<h1>Claim</h1><p>States owe <strong>due</strong> diligence.<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup> See <a href="https://icj-cij.org">the Court</a> and <a href="javascript:alert(1)">this</a>.</p>' +
  "<ul><li>knowledge<ul><li>actual</li></ul></li><li>capacity</li></ul>" +
  "<table><tr><th>Case</th><th>Year</th></tr><tr><td><p>Corfu &amp; Albania</p></td><td>1949</td></tr></table>" +
  '<ol><li id="footnote-1"><p> Corfu Channel, 22. <a href="#footnote-ref-1">↑</a></p></li></ol>';

describe("DOCX import (mammoth's HTML)", () => {
  it("keeps headings, marks, nested lists and tables; footnotes become citations; unsafe links are dropped", () => {
    const { doc, notes } = htmlTreeToDocument(parseHtml(MAMMOTH_HTML));
    expect(() => parseDocJSON(doc)).not.toThrow();
    expect(notes).toEqual([{ key: "footnote-1", text: "Corfu Channel, 22." }]);
    expect(doc.content!.map((n) => n.type)).toEqual(["heading", "paragraph", "bulletList", "table"]);
    const paragraph = doc.content![1].content!;
    expect(paragraph).toContainEqual({ type: "text", text: "due", marks: [{ type: "bold" }] });
    expect(paragraph).toContainEqual({ type: "citation", attrs: { sourceId: "footnote-1", pinpoint: "" } });
    expect(paragraph).toContainEqual({ type: "text", text: "the Court", marks: [{ type: "link", attrs: { href: "https://icj-cij.org" } }] });
    expect(JSON.stringify(doc)).not.toContain("javascript:");
    expect(doc.content![2].content![0].content!.map((n) => n.type)).toEqual(["paragraph", "bulletList"]);
    expect(doc.content![3].content![0].content![0].type).toBe("tableHeader");
    expect(JSON.stringify(doc.content![3])).toContain("Corfu & Albania");
  });
});

describe("Markdown import", () => {
  it("turns GFM footnotes into citations keyed by label and leaves unknown references as text", () => {
    const { doc, notes } = convertMarkdown("A claim.[^a] Another.[^zz]\n\n[^a]: Nicaragua, para 205.\n");
    expect(notes).toEqual([{ key: "md-a", text: "Nicaragua, para 205." }]);
    expect(doc.content![0].content).toEqual([
      { type: "text", text: "A claim." },
      { type: "citation", attrs: { sourceId: "md-a", pinpoint: "" } },
      { type: "text", text: " Another.[^zz]" },
    ]);
  });
});
