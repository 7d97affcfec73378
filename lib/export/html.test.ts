import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { computeFootnotes } from "@/lib/citations/footnotes";
import { renderDocumentHTML } from "@/lib/editor/render-html";
import { corfu as CORFU, tallinnManual as TALLINN } from "@/lib/citations/test-sources";
import type { ExportBundle } from "./bundle";
import { renderHtmlExport } from "./html";

const cite = (sourceId: string, pinpoint: string): JSONContent => ({ type: "citation", attrs: { sourceId, pinpoint } });
const doc: JSONContent = {
  type: "doc",
  content: [
    {
      type: "paragraph",
      content: [
        { type: "text", text: "States must not knowingly allow" },
        cite(CORFU.id, "p 22"),
        { type: "text", text: " their territory to be used." },
      ],
    },
    { type: "paragraph", content: [{ type: "text", text: "Cyber operations too" }, cite(TALLINN.id, "r 6"), { type: "text", text: "." }] },
  ],
};

describe("server HTML of cited text", () => {
  it("closes every footnote mark, so the text after it is not superscript", () => {
    const html = renderDocumentHTML(doc);
    expect(html).not.toMatch(/<sup[^>]*\/>/);
    expect(html).toContain(`<sup data-citation="${CORFU.id}" data-pinpoint="p 22" class="citation"></sup> their territory`);
    // Parsed as a browser would: each mark is empty and the text after it is outside it.
    expect(html.match(/<sup[^>]*><\/sup>/g)).toHaveLength(2);
  });

  it("escapes a pinpoint in the mark's attributes", () => {
    const html = renderDocumentHTML({
      type: "doc",
      content: [{ type: "paragraph", content: [cite(CORFU.id, `p 1"><script>x</script>`)] }],
    });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;");
  });
});

describe("HTML export", () => {
  it("numbers the note references in the text and lists the notes after the chapter", () => {
    const sources = new Map([CORFU, TALLINN].map((s) => [s.id, s]));
    const footnotes = computeFootnotes(doc, (id) => sources.get(id), "oscola");
    const bundle: ExportBundle = {
      title: "Strand",
      filenameBase: "strand",
      wikiSlug: "w",
      wikiPages: [],
      chapters: [{ pageId: "p1", title: "Strand", slug: "strand", json: doc, footnotes }],
    };
    const html = renderHtmlExport(bundle);
    expect(html).toContain(`allow<sup class="note-ref"><a href="#note-1" id="ref-1">1</a></sup> their territory`);
    expect(html).toContain(`too<sup class="note-ref"><a href="#note-2" id="ref-2">2</a></sup>.`);
    expect(html).toMatch(/<ol class="notes">\n<li id="note-1" value="1">.*Corfu Channel.*<\/li>\n<li id="note-2" value="2">/);
    expect(html).not.toContain('class="citation"');
  });
});
