import { describe, expect, it } from "vitest";
import { paragraphNumber, formatPageCitation } from "./citation";
import { createPageDirectory } from "./directory";
import { extractLinks, sentenceAround } from "./extract";
import { fuzzyRank } from "./fuzzy";

const link = (pageId: string | null, title: string) => ({ type: "wikiLink", attrs: { pageId, title } });
const text = (t: string) => ({ type: "text", text: t });

describe("page directory", () => {
  const directory = createPageDirectory("dd", [
    { id: "p1", title: "The UN consensus", slug: "un-consensus" },
    { id: "p2", title: "Primary rules", slug: "primary-rules" },
  ]);

  it("shows a link with the target's current title, whatever it was called when linked", () => {
    expect(directory.resolve({ pageId: "p1", title: "Old name" })).toEqual({
      href: "/w/dd/un-consensus",
      title: "The UN consensus",
      missing: false,
      pageId: "p1",
    });
  });

  it("falls back to the written title (case and spacing aside) when the id is unknown", () => {
    expect(directory.resolve({ pageId: "gone", title: "primary  RULES" }).href).toBe("/w/dd/primary-rules");
  });

  it("marks a link to a page that does not exist and offers to create it", () => {
    const target = directory.resolve({ pageId: null, title: "Lex ferenda & more" });
    expect(target).toMatchObject({ missing: true, title: "Lex ferenda & more", pageId: null });
    expect(target.href).toBe("/w/dd/new?title=Lex%20ferenda%20%26%20more");
  });
});

describe("fuzzy title ranking", () => {
  const titles = [
    "Open questions and research agenda",
    "The UN consensus: a voluntary norm",
    "Custom: not enough practice and opinio juris",
    "Due diligence lives in primary rules",
  ];
  const rank = (q: string) => fuzzyRank(titles, q, (t) => t);

  it("ranks title prefix, then word prefix, then substring, then letters in order", () => {
    expect(rank("open")[0]).toBe("Open questions and research agenda");
    expect(rank("consensus")[0]).toBe("The UN consensus: a voluntary norm");
    expect(rank("opinio")[0]).toBe("Custom: not enough practice and opinio juris");
    expect(rank("dlpr")).toEqual(["Due diligence lives in primary rules"]);
  });

  it("returns everything (up to the limit) for an empty query and nothing for no match", () => {
    expect(rank("")).toHaveLength(4);
    expect(rank("zzz")).toEqual([]);
  });
});

describe("link extraction", () => {
  const doc = {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 2, id: "h1aaaaaa" }, content: [text("Strands")] },
      {
        type: "paragraph",
        attrs: { id: "p1aaaaaa" },
        content: [text("First point. The GGE text in "), link("u1", "UN consensus"), text(" is soft law. Last point.")],
      },
      {
        type: "bulletList",
        content: [
          {
            type: "listItem",
            attrs: { id: "li1aaaaa" },
            content: [{ type: "paragraph", attrs: { id: "p2aaaaaa" }, content: [text("See "), link(null, "Missing page")] }],
          },
        ],
      },
    ],
  };

  it("finds every link in order with its block and the sentence around it", () => {
    expect(extractLinks(doc)).toEqual([
      { ordinal: 0, pageId: "u1", title: "UN consensus", blockId: "p1aaaaaa", context: "The GGE text in UN consensus is soft law." },
      { ordinal: 1, pageId: null, title: "Missing page", blockId: "p2aaaaaa", context: "See Missing page" },
    ]);
  });

  it("keeps a long sentence readable and the link inside the excerpt", () => {
    const long = `${"word ".repeat(100)}TARGET ${"more ".repeat(100)}`;
    const at = long.indexOf("TARGET");
    const excerpt = sentenceAround(long, at, at + 6);
    expect(excerpt.length).toBeLessThanOrEqual(242);
    expect(excerpt).toContain("TARGET");
    expect(excerpt.startsWith("…") && excerpt.endsWith("…")).toBe(true);
  });
});

describe("citations", () => {
  const doc = {
    type: "doc",
    content: [
      { type: "heading", attrs: { id: "hhhhhhhh" }, content: [text("Claim")] },
      { type: "paragraph", attrs: { id: "pppppp01" }, content: [text("one")] },
      {
        type: "bulletList",
        content: [
          { type: "listItem", attrs: { id: "llllll01" }, content: [{ type: "paragraph", attrs: { id: "pppppp02" } }] },
          { type: "listItem", attrs: { id: "llllll02" } },
        ],
      },
      { type: "paragraph", attrs: { id: "pppppp03" } },
    ],
  };

  it("numbers paragraphs and list items, not headings", () => {
    expect(paragraphNumber(doc, "pppppp01")).toBe(1);
    expect(paragraphNumber(doc, "pppppp02")).toBe(2);
    expect(paragraphNumber(doc, "llllll02")).toBe(3);
    expect(paragraphNumber(doc, "pppppp03")).toBe(4);
    expect(paragraphNumber(doc, "hhhhhhhh")).toBeNull();
    expect(paragraphNumber(doc, "nowhere0")).toBeNull();
  });

  it("formats the citation as the issue's example", () => {
    const citation = formatPageCitation({
      wikiName: "Due diligence in cyberspace",
      pageTitle: "UN consensus",
      version: 14,
      date: new Date("2027-03-03T10:00:00Z"),
      paragraph: 4,
    });
    expect(citation).toBe("Opinio wiki *Due diligence in cyberspace*, 'UN consensus' (version 14, 3 March 2027), para 4");
  });

  it("formats the citation in the wiki's citation style: Bluebook cites the page as an internet source", () => {
    const cited = {
      wikiName: "Due diligence in cyberspace",
      pageTitle: "UN consensus",
      version: 14,
      date: new Date("2027-03-03T23:30:00Z"),
    };
    expect(formatPageCitation({ ...cited, paragraph: 4 }, "oscola")).toBe(
      "Opinio wiki *Due diligence in cyberspace*, 'UN consensus' (version 14, 3 March 2027), para 4",
    );
    expect(formatPageCitation({ ...cited, paragraph: 4 }, "bluebook")).toBe(
      "*UN consensus*, Opinio wiki: Due diligence in cyberspace ¶ 4 (version 14, Mar. 3, 2027)",
    );
    expect(formatPageCitation(cited, "bluebook")).toBe(
      "*UN consensus*, Opinio wiki: Due diligence in cyberspace (version 14, Mar. 3, 2027)",
    );
  });
});
