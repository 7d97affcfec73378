import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { authorsOf } from "./attribution";
import type { RedlineCredit } from "./redline-authorship";
import { creditRedline, type HistoryStep } from "./redline-credits";
import { renderRedline } from "./redline-html";

// "Who wrote this" is the credited redline from the empty page (see attributePage); these
// histories stand in for a page's versions.
const EMPTY: JSONContent = { type: "doc", content: [] };
const doc = (...paragraphs: string[]): JSONContent => ({
  type: "doc",
  content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })),
});
const credit = (author: string, version: number): RedlineCredit => ({
  author,
  date: new Date(Date.UTC(2027, 2, version)),
  label: `version ${version}`,
});
const ALICE = credit("Alice Analyst", 1);
const BOB = credit("Bob Barrister", 2);

const attribute = (steps: HistoryStep<RedlineCredit>[]) => creditRedline(EMPTY, steps, { fallback: ALICE });
const byAuthor = (attribution: ReturnType<typeof attribute>) =>
  attribution.blocks.map((block) =>
    block.pieces.map((piece) => `${piece.type === "insert" ? "" : `${piece.type}:`}${piece.text} — ${piece.credit?.author}`),
  );

describe("attribution", () => {
  const written = "The State shall not knowingly allow its territory to be used for acts contrary to the rights of other States.";

  it("credits what is left of a paragraph to who wrote it, not to who deleted words in it", () => {
    const attribution = attribute([
      { json: doc(written), credit: ALICE },
      { json: doc("The State shall not allow its territory to be used for acts contrary to rights."), credit: BOB },
    ]);
    expect(byAuthor(attribution)).toEqual([
      ["The State shall not allow its territory to be used for acts contrary to rights. — Alice Analyst"],
    ]);
    expect(authorsOf(attribution).map((a) => a.author)).toEqual(["Alice Analyst"]);
  });

  it("credits what remains after most of a paragraph is cut to who wrote it", () => {
    const attribution = attribute([
      { json: doc(written), credit: ALICE },
      { json: doc("The State shall not."), credit: BOB },
    ]);
    expect(authorsOf(attribution).map((a) => a.author)).toEqual(["Alice Analyst"]);
  });

  it("credits by span: words inserted into someone else's paragraph are the inserter's", () => {
    const attribution = attribute([
      { json: doc(written), credit: ALICE },
      { json: doc(written.replace("territory", "cyber infrastructure or territory")), credit: BOB },
    ]);
    expect(byAuthor(attribution)).toEqual([
      [
        "The State shall not knowingly allow its  — Alice Analyst",
        "cyber infrastructure or  — Bob Barrister",
        "territory to be used for acts contrary to the rights of other States. — Alice Analyst",
      ],
    ]);
    expect(authorsOf(attribution)).toEqual([
      { author: "Alice Analyst", characters: written.length },
      { author: "Bob Barrister", characters: "cyber infrastructure or ".length },
    ]);
  });

  it("renders as the page coloured by author, with tables as tables, and no insertion marks", () => {
    const table: JSONContent = {
      type: "doc",
      content: [
        {
          type: "table",
          content: [
            ["Party", "Role"],
            ["Acme", "Supplier"],
          ].map((row) => ({
            type: "tableRow",
            content: row.map((text) => ({ type: "tableCell", content: [{ type: "paragraph", content: [{ type: "text", text }] }] })),
          })),
        },
      ],
    };
    const edited = structuredClone(table);
    edited.content![0].content![1].content![1].content![0].content![0].text = "Main Supplier";
    const attribution = attribute([
      { json: table, credit: ALICE },
      { json: edited, credit: BOB },
    ]);
    const authors = authorsOf(attribution).map((a) => a.author);
    const html = renderRedline(attribution.diff, { credits: attribution.blocks, authors });
    expect(html).not.toMatch(/<ins|block-added|table 1/);
    expect(html).toContain('<td>\n<span class="authored author-1" title="Bob Barrister, version 2, 2 Mar 2027, 00:00 UTC">Main </span>');
    expect(html).toContain(
      'Main </span><span class="authored author-0" title="Alice Analyst, version 1, 1 Mar 2027, 00:00 UTC">Supplier</span>',
    );
    expect(html.match(/<tr>/g)).toHaveLength(2);
  });
});
