import { describe, expect, it } from "vitest";
import { parseDocJSON } from "@/lib/editor/document";
import { htmlTreeToDocument } from "./html-to-doc";
import { parseHtml } from "./html-tree";
import { bodyUnderTitle, convertMarkdown } from "./markdown";
import { importTitle } from "./read-upload";

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
    expect(paragraph).toContainEqual({
      type: "text",
      text: "the Court",
      marks: [{ type: "link", attrs: { href: "https://icj-cij.org" } }],
    });
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

  it("reads a note's text as inline Markdown: emphasis, links and code leave no marks behind", () => {
    const { notes } = convertMarkdown(
      "Claim.[^1] Another.[^2]\n\n[^1]: *Corfu Channel* (UK v Albania) [1949] ICJ Rep 4, **22**.\n[^2]: See [the report](https://undocs.org/A/70/174), `para 13(c)`.\n",
    );
    expect(notes).toEqual([
      { key: "md-1", text: "Corfu Channel (UK v Albania) [1949] ICJ Rep 4, 22." },
      { key: "md-2", text: "See the report, para 13(c)." },
    ]);
    // A note's text never starts a list or a heading.
    const texts = convertMarkdown(
      "A.[^1] B.[^2] C.[^3] D.[^4]\n\n[^1]: 2015. Report of the Group.\n[^2]: - see above\n[^3]: # 4, *para* 2\n[^4]: **Corfu Channel**, 22, as in [[Knowledge]].\n",
    ).notes.map((n) => n.text);
    expect(texts).toEqual(["2015. Report of the Group.", "- see above", "# 4, para 2", "Corfu Channel, 22, as in Knowledge."]);
  });

  it("leaves footnote references inside code as the text they are", () => {
    const { doc } = convertMarkdown("Cited.[^1] Written `[^1]` in code.\n\n```\nx[^1]\n```\n\n[^1]: A note.\n");
    expect(() => parseDocJSON(doc)).not.toThrow();
    expect(JSON.stringify(doc.content![0])).toContain('{"type":"text","text":"[^1]","marks":[{"type":"code"}]}');
    expect(doc.content![1]).toEqual({ type: "codeBlock", attrs: expect.anything(), content: [{ type: "text", text: "x[^1]" }] });
  });

  it("cites registry sources by `[^cite:key, pinpoint]` when told how to resolve keys, alongside standard footnotes", () => {
    const { doc, notes } = convertMarkdown("Known.[^cite:corfu, para 22] Noted.[^n]\n\n[^n]: A note.", (key, pinpoint) =>
      key === "corfu" ? { sourceId: "source-1", pinpoint } : null,
    );
    expect(notes).toEqual([{ key: "md-n", text: "A note." }]);
    expect(doc.content![0].content!.filter((n) => n.type === "citation")).toEqual([
      { type: "citation", attrs: { sourceId: "source-1", pinpoint: "para 22" } },
      { type: "citation", attrs: { sourceId: "md-n", pinpoint: "" } },
    ]);
    // Without a resolver the marker is no footnote (it has no definition): it stays text.
    expect(JSON.stringify(convertMarkdown("Known.[^cite:corfu, para 22]").doc)).toContain("Known.[^cite:corfu, para 22]");
  });

  it("takes a leading # H1 as the file's title, and leaves it out of the body only under that title", () => {
    const imported = convertMarkdown("# Due *diligence*\n\nBody.\n\n## Section\n");
    expect(imported.title).toBe("Due diligence");
    expect(bodyUnderTitle(imported, "Due diligence").content!.map((n) => n.type)).toEqual(["paragraph", "heading"]);
    expect(bodyUnderTitle(imported, "Another title").content![0]).toMatchObject({ type: "heading", attrs: { level: 1 } });
    expect(convertMarkdown("Intro.\n\n# Later heading\n").title).toBeUndefined();
    expect(convertMarkdown("## Claim\n\nText.").title).toBeUndefined();
    expect(convertMarkdown("# Corfu Channel[^1]\n\nText.\n\n[^1]: The judgment.").title).toBeUndefined();
  });
});

describe("An import's title", () => {
  const upload = (filename: string | null, title?: string) => ({ filename, fields: title ? { title } : ({} as Record<string, string>) });

  it("is the title given, else the file's own # H1, else its file name", () => {
    expect(importTitle(upload("notes.md", "Given"), { title: "Heading" })).toBe("Given");
    expect(importTitle(upload("notes.md"), { title: "Heading" })).toBe("Heading");
    expect(importTitle(upload("notes.md"), {})).toBe("notes");
    expect(importTitle(upload("notes.md"), { title: "x".repeat(300) })).toBe("notes");
    expect(importTitle(upload(null), {})).toBeUndefined();
  });
});
