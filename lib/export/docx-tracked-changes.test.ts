import type { JSONContent } from "@tiptap/core";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { computeFootnotes } from "@/lib/citations/footnotes";
import { corfu as CORFU } from "@/lib/citations/test-sources";
import type { BlockSuggestion, SuggestionAttrs } from "@/lib/editor/suggestion-marks";
import type { ExportBundle } from "./bundle";
import { renderDocx } from "./docx";

// The DOCX export with `suggestions=tracked` (issue 19): each part of a pending suggestion as a
// Word tracked change, read back from word/document.xml.

const RITA = "user-rita";
const REMO = "user-remo";
const names = new Map([
  [RITA, "Rita Reviewer"],
  [REMO, "Remo Reviewer"],
]);
const at = (minute: number) => `2027-03-04T10:${String(minute).padStart(2, "0")}:30.123Z`;
const wordAt = (minute: number) => `2027-03-04T10:${String(minute).padStart(2, "0")}:30Z`;

const attrs = (id: string, authorId = RITA, minute = 1): SuggestionAttrs => ({ id, authorId, createdAt: at(minute) });
type Marks = NonNullable<JSONContent["marks"]>;
const text = (value: string, ...marks: Marks[]): JSONContent => ({
  type: "text",
  text: value,
  ...(marks.length ? { marks: marks.flat() } : {}),
});
const ins = (a: SuggestionAttrs): Marks => [{ type: "suggestionInsert", attrs: a }];
const del = (a: SuggestionAttrs): Marks => [{ type: "suggestionDelete", attrs: a }];
const paragraph = (content: JSONContent[], suggestion?: BlockSuggestion): JSONContent => ({
  type: "paragraph",
  attrs: { suggestion: suggestion ?? null },
  content,
});
const block = (kind: BlockSuggestion["kind"], a: SuggestionAttrs): BlockSuggestion => ({ kind, ...a });

function bundleOf(content: JSONContent[]): ExportBundle {
  const json: JSONContent = { type: "doc", content };
  const footnotes = computeFootnotes(json, (id) => (id === CORFU.id ? CORFU : undefined));
  return {
    title: "Strand",
    filenameBase: "strand",
    wikiSlug: "w",
    chapters: [{ pageId: "p1", title: "Strand", slug: "strand", json, footnotes }],
    wikiPages: [],
  };
}

async function documentXml(content: JSONContent[], tracked = true): Promise<string> {
  const bytes = await renderDocx(bundleOf(content), tracked ? { trackedSuggestions: { authorNames: names } } : {});
  const zip = await JSZip.loadAsync(bytes);
  return zip.file("word/document.xml")!.async("string");
}

/** The body's paragraphs after the chapter title. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g)].map((m) => m[0]).slice(1);
}

type Change = { kind: string; id: string; author: string; date?: string; text: string };

/** Each w:ins / w:del around runs, with its attributes and the text of its runs (w:t or w:delText). */
function runChanges(xml: string): Change[] {
  return [...xml.matchAll(/<w:(ins|del) ([^>]*)>([\s\S]*?)<\/w:\1>/g)].map(([, kind, attributes, body]) => ({
    kind,
    ...attributesOf(attributes),
    text: [...body.matchAll(/<w:(?:t|delText)(?:\s[^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((m) => m[1]).join(""),
  }));
}

function attributesOf(attributes: string): { id: string; author: string; date?: string } {
  const get = (name: string) => attributes.match(new RegExp(`w:${name}="([^"]*)"`))?.[1];
  return { id: get("id")!, author: get("author")!, ...(get("date") ? { date: get("date") } : {}) };
}

/** A paragraph's tracked paragraph mark: w:pPr/w:rPr/w:ins or w:del. */
function paragraphMark(xml: string): { kind: string; author: string; date?: string }[] {
  const rPr = xml.match(/<w:pPr>[\s\S]*?<w:rPr>([\s\S]*?)<\/w:rPr>[\s\S]*?<\/w:pPr>/)?.[1] ?? "";
  return [...rPr.matchAll(/<w:(ins|del) ([^>]*?)\/>/g)].map(([, kind, attributes]) => {
    const { author, date } = attributesOf(attributes);
    return { kind, author, ...(date ? { date } : {}) };
  });
}

describe("DOCX export with suggestions=tracked", () => {
  it("writes a proposed replacement as w:del (w:delText) and w:ins by the suggester, dated when suggested, each with its own w:id", async () => {
    const a = attrs("s-replace", RITA, 7);
    const xml = await documentXml([paragraph([text("The obligation is "), text("binding", del(a)), text("emerging", ins(a)), text(".")])]);
    const changes = runChanges(xml);
    expect(changes.map(({ kind, author, date, text }) => ({ kind, author, date, text }))).toEqual([
      { kind: "del", author: "Rita Reviewer", date: wordAt(7), text: "binding" },
      { kind: "ins", author: "Rita Reviewer", date: wordAt(7), text: "emerging" },
    ]);
    expect(xml).toMatch(
      /<w:del [^>]*><w:r>(?:<w:rPr>[\s\S]*?<\/w:rPr>)?<w:delText xml:space="preserve">binding<\/w:delText><\/w:r><\/w:del>/,
    );
    expect(new Set(changes.map((c) => c.id)).size).toBe(2);
    // The kept text stays plain runs.
    expect(xml).toContain(">The obligation is </w:t>");
  });

  it("keeps two reviewers apart, and nests a strike of someone's proposed text inside its insertion, as Word does", async () => {
    const rita = attrs("s-rita", RITA, 1);
    const remo = attrs("s-remo", REMO, 2);
    const xml = await documentXml([paragraph([text("Due "), text("care", ins(rita), del(remo)), text(" diligence", ins(rita))])]);
    expect(xml).toMatch(
      /<w:ins w:id="\d+" w:author="Rita Reviewer" w:date="2027-03-04T10:01:30Z"><w:del w:id="\d+" w:author="Remo Reviewer" w:date="2027-03-04T10:02:30Z"><w:r>(?:<w:rPr>[\s\S]*?<\/w:rPr>)?<w:delText xml:space="preserve">care<\/w:delText><\/w:r><\/w:del><\/w:ins>/,
    );
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(3);
    expect(new Set(ids).size).toBe(3);
  });

  it("tracks a paragraph proposed whole: its runs and its paragraph mark", async () => {
    const inserted = attrs("s-new", RITA, 3);
    const removed = attrs("s-gone", REMO, 4);
    const xml = await documentXml([
      paragraph([text("Kept.")]),
      // The Suggesting editor marks a new block's text too; a block without marked text is tracked all the same.
      paragraph([text("A new paragraph.", ins(inserted))], block("insert", inserted)),
      paragraph([text("An old paragraph.")], block("delete", removed)),
    ]);
    const [kept, added, deleted] = paragraphs(xml);
    expect(runChanges(kept)).toEqual([]);
    expect(paragraphMark(kept)).toEqual([]);
    expect(runChanges(added).map(({ kind, author, text }) => `${kind} ${author} ${text}`)).toEqual(["ins Rita Reviewer A new paragraph."]);
    expect(paragraphMark(added)).toEqual([{ kind: "ins", author: "Rita Reviewer", date: wordAt(3) }]);
    expect(runChanges(deleted).map(({ kind, author, text }) => `${kind} ${author} ${text}`)).toEqual([
      "del Remo Reviewer An old paragraph.",
    ]);
    expect(paragraphMark(deleted)).toEqual([{ kind: "del", author: "Remo Reviewer", date: wordAt(4) }]);
  });

  it("writes a proposed split as the inserted paragraph mark before it, and a proposed join as the deleted one", async () => {
    const split = attrs("s-split", RITA, 5);
    const join = attrs("s-join", REMO, 6);
    const xml = await documentXml([
      paragraph([text("First half.")]),
      paragraph([text("Second half.")], block("split", split)),
      paragraph([text("Joined on.")], block("join", join)),
    ]);
    const [first, second, third] = paragraphs(xml);
    // Word's paragraph mark ends its paragraph: the break between two blocks is the first one's mark.
    expect(paragraphMark(first)).toEqual([{ kind: "ins", author: "Rita Reviewer", date: wordAt(5) }]);
    expect(paragraphMark(second)).toEqual([{ kind: "del", author: "Remo Reviewer", date: wordAt(6) }]);
    expect(paragraphMark(third)).toEqual([]);
    expect(runChanges(xml)).toEqual([]);
  });

  it("tracks a proposed list item and the break before a split list item", async () => {
    const a = attrs("s-item", RITA, 8);
    const item = (value: string, suggestion?: BlockSuggestion): JSONContent => ({
      type: "listItem",
      attrs: { suggestion: suggestion ?? null },
      content: [paragraph([text(value)])],
    });
    const xml = await documentXml([
      { type: "bulletList", content: [item("knowledge"), item("capacity", block("split", a)), item("control", block("insert", a))] },
    ]);
    const [knowledge, capacity, control] = paragraphs(xml);
    expect(paragraphMark(knowledge)).toEqual([{ kind: "ins", author: "Rita Reviewer", date: wordAt(8) }]);
    expect(paragraphMark(capacity)).toEqual([]);
    expect(paragraphMark(control)).toEqual([{ kind: "ins", author: "Rita Reviewer", date: wordAt(8) }]);
    expect(runChanges(control).map((c) => c.text)).toEqual(["control"]);
  });

  it("wraps a proposed citation's footnote reference and a proposed line break", async () => {
    const a = attrs("s-cite", RITA, 9);
    const xml = await documentXml([
      paragraph([
        text("Knowing use"),
        { type: "citation", attrs: { sourceId: CORFU.id, pinpoint: "22" }, marks: ins(a) },
        { type: "hardBreak", marks: ins(a) },
      ]),
    ]);
    expect(xml).toMatch(
      /<w:ins w:id="\d+" w:author="Rita Reviewer" w:date="2027-03-04T10:09:30Z"><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:id="1"\/><\/w:r><\/w:ins>/,
    );
    expect(xml).toMatch(/<w:ins w:id="\d+" w:author="Rita Reviewer" w:date="2027-03-04T10:09:30Z"><w:r><w:br\/><\/w:r><\/w:ins>/);
  });

  it("names an unknown suggester 'Unknown author' and leaves out a date Word could not read", async () => {
    const xml = await documentXml([paragraph([text("ghost", ins({ id: "s-ghost", authorId: "gone", createdAt: "yesterday" }))])]);
    expect(runChanges(xml).map(({ author, date, text }) => ({ author, date, text }))).toEqual([
      { author: "Unknown author", date: undefined, text: "ghost" },
    ]);
  });

  it("without the option writes no tracked change (the caller gives it the accepted text)", async () => {
    const a = attrs("s-plain");
    const xml = await documentXml([paragraph([text("Kept "), text("proposed", ins(a))], block("insert", a))], false);
    expect(xml).not.toMatch(/<w:(ins|del)\b/);
  });
});
