import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { parseDocJSON } from "@/lib/editor/document";
import { flattenDocument } from "./blocks";
import { diffDocuments, formatSummary, type BlockChange, type DiffSummary, type DocumentDiff } from "./diff";
import { renderRedline, renderRedlineDocument } from "./redline-html";

// Small builders for schema-valid documents; a string is plain text, an array is marked pieces.
type Inline = string | JSONContent[];
const inline = (content: Inline): JSONContent[] =>
  typeof content === "string" ? (content ? [{ type: "text", text: content }] : []) : content;
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });
const p = (content: Inline): JSONContent => ({ type: "paragraph", content: inline(content) });
const h = (level: number, content: Inline): JSONContent => ({ type: "heading", attrs: { level }, content: inline(content) });
const li = (item: string | JSONContent[]): JSONContent => ({ type: "listItem", content: typeof item === "string" ? [p(item)] : item });
const ul = (items: (string | JSONContent[])[]): JSONContent => ({ type: "bulletList", content: items.map(li) });
const ol = (items: string[], start = 1): JSONContent => ({ type: "orderedList", attrs: { start }, content: items.map(li) });
const table = (rows: string[][]): JSONContent => ({
  type: "table",
  content: rows.map((row, r) => ({
    type: "tableRow",
    content: row.map((cell) => ({ type: r === 0 ? "tableHeader" : "tableCell", content: [p(cell)] })),
  })),
});
const quote = (...content: JSONContent[]): JSONContent => ({ type: "blockquote", content });
const text = (value: string, ...marks: JSONContent["marks"] & object): JSONContent => ({ type: "text", text: value, marks });
const bold = { type: "bold" };
const cite = (sourceId: string, pinpoint = ""): JSONContent => ({ type: "citation", attrs: { sourceId, pinpoint } });

/** The non-unchanged blocks, the part of a diff most tests care about. */
const edits = (diff: DocumentDiff): BlockChange[] => diff.blocks.filter((b) => b.type !== "unchanged");

const CONTRACT = doc(
  h(1, "Services agreement"),
  p("The supplier shall deliver the goods within thirty days."),
  p("Payment is due on receipt of the invoice."),
  ul(["Delivery", "Payment"]),
  table([
    ["Party", "Role"],
    ["Acme", "Supplier"],
  ]),
);

describe("builders", () => {
  it("make documents the editor schema accepts", () => {
    expect(() => parseDocJSON(CONTRACT)).not.toThrow();
    expect(() => parseDocJSON(doc(quote(p("x")), ol(["a"], 3), { type: "horizontalRule" }))).not.toThrow();
  });
});

describe("flattenDocument", () => {
  it("gives leaf blocks with readable paths", () => {
    const blocks = flattenDocument(
      doc(
        p("Intro"),
        ul([[p("One"), ul(["One point one"])], "Two"]),
        ol(["First"], 4),
        quote(p("Quoted")),
        table([
          ["A", "B"],
          ["C", "D"],
        ]),
        { type: "codeBlock", attrs: { language: "ts" }, content: [{ type: "text", text: "let x = 1;\nx++;" }] },
        { type: "horizontalRule" },
      ),
    );
    expect(blocks.map((b) => [b.kind, b.path, b.text])).toEqual([
      ["paragraph", "paragraph 1", "Intro"],
      ["listItem", "list 1 > item 1", "One"],
      ["listItem", "list 1 > item 1 > list 1 > item 1", "One point one"],
      ["listItem", "list 1 > item 2", "Two"],
      ["listItem", "list 2 > item 1", "First"],
      ["paragraph", "quote 1 > paragraph 1", "Quoted"],
      ["tableCell", "table 1, row 1, column 1", "A"],
      ["tableCell", "table 1, row 1, column 2", "B"],
      ["tableCell", "table 1, row 2, column 1", "C"],
      ["tableCell", "table 1, row 2, column 2", "D"],
      ["codeBlock", "code 1", "let x = 1;\nx++;"],
      ["rule", "rule 1", ""],
    ]);
    expect(blocks[2].depth).toBe(2);
    expect(blocks[4]).toMatchObject({ ordered: true, ordinal: 4 });
    expect(blocks[5].quoted).toBe(true);
    expect(blocks[6].header).toBe(true);
  });

  it("keeps marks in runs whose text spells the block text", () => {
    const [block] = flattenDocument(doc(p([text("Hello "), text("bold", bold), { type: "hardBreak" }, text("world")])));
    expect(block.text).toBe("Hello bold\nworld");
    expect(block.runs).toEqual([
      { text: "Hello ", marks: [] },
      { text: "bold", marks: [{ type: "bold" }] },
      { text: "\nworld", marks: [] },
    ]);
  });
});

describe("diffDocuments", () => {
  it("finds no changes between identical documents", () => {
    const diff = diffDocuments(CONTRACT, structuredClone(CONTRACT));
    expect(edits(diff)).toEqual([]);
    expect(diff.blocks.every((b) => b.type === "unchanged")).toBe(true);
    expect(diff.summary).toMatchObject({ changed: 0, added: 0, removed: 0, moved: 0, wordsAdded: 0, wordsRemoved: 0 });
    expect(diff.summaryText).toBe("No changes");
  });

  it("marks one inserted word and counts +1 word", () => {
    const diff = diffDocuments(doc(p("The quick fox jumps.")), doc(p("The quick brown fox jumps.")));
    const [change] = edits(diff);
    expect(change).toMatchObject({ type: "changed", kind: "paragraph" });
    const inserted = change.words?.filter((w) => w.type !== "equal");
    expect(inserted).toHaveLength(1);
    expect(inserted?.[0].type).toBe("insert");
    expect(inserted?.[0].text.trim()).toBe("brown");
    expect(diff.summary).toMatchObject({ changed: 1, wordsAdded: 1, wordsRemoved: 0 });
    expect(diff.summaryText).toBe("1 paragraph changed; +1 word");
  });

  it("marks a deleted word", () => {
    const diff = diffDocuments(doc(p("Payment is due promptly on receipt.")), doc(p("Payment is due on receipt.")));
    const [change] = edits(diff);
    expect(change.type).toBe("changed");
    const edited = change.words?.filter((w) => w.type !== "equal");
    expect(edited).toEqual([{ type: "delete", text: expect.stringMatching(/^\s*promptly\s*$/) }]);
    expect(diff.summary).toMatchObject({ wordsAdded: 0, wordsRemoved: 1 });
    expect(diff.summaryText).toBe("1 paragraph changed; \u22121 word");
  });

  it("word edits spell out both versions", () => {
    const before = "The supplier shall deliver the goods within thirty days of the order.";
    const after = "The vendor must deliver all goods within 30 days of the signed order, at its cost.";
    const [change] = edits(diffDocuments(doc(p(before)), doc(p(after))));
    const words = change.words ?? [];
    expect(
      words
        .filter((w) => w.type !== "insert")
        .map((w) => w.text)
        .join(""),
    ).toBe(before);
    expect(
      words
        .filter((w) => w.type !== "delete")
        .map((w) => w.text)
        .join(""),
    ).toBe(after);
  });

  it("reports an added paragraph with its words", () => {
    const diff = diffDocuments(doc(p("First."), p("Last.")), doc(p("First."), p("A new middle clause."), p("Last.")));
    expect(edits(diff)).toEqual([expect.objectContaining({ type: "added", kind: "paragraph", afterIndex: 1 })]);
    expect(diff.blocks.map((b) => b.type)).toEqual(["unchanged", "added", "unchanged"]);
    expect(diff.summaryText).toBe("1 paragraph added; +4 words");
  });

  it("reports a removed paragraph where it was", () => {
    const diff = diffDocuments(doc(p("Keep."), p("Drop this sentence."), p("Keep too.")), doc(p("Keep."), p("Keep too.")));
    expect(diff.blocks.map((b) => b.type)).toEqual(["unchanged", "removed", "unchanged"]);
    expect(diff.blocks[1].before?.text).toBe("Drop this sentence.");
    expect(diff.summaryText).toBe("1 paragraph removed; \u22123 words");
  });

  it("pairs an edited heading as a changed heading", () => {
    const diff = diffDocuments(doc(h(2, "Terms of service"), p("Body.")), doc(h(2, "Terms of use"), p("Body.")));
    const [change] = edits(diff);
    expect(change).toMatchObject({ type: "changed", kind: "heading", before: { level: 2 }, after: { level: 2 } });
    expect(change.words).toEqual([
      { type: "equal", text: "Terms of " },
      { type: "delete", text: "service" },
      { type: "insert", text: "use" },
    ]);
    expect(diff.summaryText).toBe("1 heading changed; +1 \u22121 words");
  });

  it("treats a rewrite with nothing in common as removed and added", () => {
    const diff = diffDocuments(doc(p("Alpha beta gamma.")), doc(p("Completely different wording here.")));
    expect(edits(diff).map((b) => b.type)).toEqual(["removed", "added"]);
  });

  it("keeps a paragraph that was only cut down as the same paragraph, changed, however much was cut", () => {
    const diff = diffDocuments(doc(p("First paragraph by the owner, written at length.")), doc(p("First paragraph.")));
    expect(edits(diff).map((b) => b.type)).toEqual(["changed"]);
    expect(diff.summary).toMatchObject({ wordsAdded: 0, wordsRemoved: 6 });
  });

  it("reports a list item added inside a list", () => {
    const diff = diffDocuments(doc(ul(["Delivery", "Payment"])), doc(ul(["Delivery", "Warranty", "Payment"])));
    const [change] = edits(diff);
    expect(change).toMatchObject({ type: "added", kind: "listItem", after: { path: "list 1 > item 2", text: "Warranty" } });
    expect(diff.summaryText).toBe("1 list item added; +1 word");
  });

  it("reports an edited table cell as a changed tableCell", () => {
    const after = doc(
      table([
        ["Party", "Role"],
        ["Acme Ltd", "Supplier"],
      ]),
    );
    const diff = diffDocuments(
      doc(
        table([
          ["Party", "Role"],
          ["Acme", "Supplier"],
        ]),
      ),
      after,
    );
    const [change] = edits(diff);
    expect(change).toMatchObject({ type: "changed", kind: "tableCell", after: { path: "table 1, row 2, column 1" } });
    expect(diff.summary.byKind.tableCell.changed).toBe(1);
    expect(change.words?.filter((w) => w.type !== "equal")).toEqual([{ type: "insert", text: " Ltd" }]);
    expect(diff.summaryText).toBe("1 table cell changed; +1 word");
  });

  it("sees a new page's empty paragraph, written in and followed by a table, as that paragraph changed, not as an empty cell", () => {
    // Found on a walk: a page's first version is one empty paragraph; an empty cell of the table
    // added later has the same (empty) words, and was taken for it ("Was paragraph").
    const diff = diffDocuments(
      doc(p("")),
      doc(
        p("States differ on the standard."),
        table([
          ["Instrument", ""],
          ["", ""],
        ]),
      ),
    );
    const changes = edits(diff);
    expect(changes[0]).toMatchObject({ type: "changed", kind: "paragraph", after: { text: "States differ on the standard." } });
    expect(changes.slice(1).every((change) => change.type === "added" && change.kind === "tableCell")).toBe(true);
    expect(diff.summaryText).toBe("1 paragraph changed, 4 table cells added; +6 words");
  });

  it("reports a moved paragraph once, at its new place, with where it came from", () => {
    const before = doc(p("Clause A applies."), p("Clause B."), p("Clause C."), p("Clause D."));
    const after = doc(p("Clause B."), p("Clause C."), p("Clause A applies."), p("Clause D."));
    const diff = diffDocuments(before, after);
    expect(diff.blocks.map((b) => b.type)).toEqual(["unchanged", "unchanged", "moved", "unchanged"]);
    expect(diff.blocks[2]).toMatchObject({ kind: "paragraph", movedFrom: "paragraph 1", beforeIndex: 0, afterIndex: 2 });
    expect(diff.summary).toMatchObject({ moved: 1, added: 0, removed: 0, wordsAdded: 0, wordsRemoved: 0 });
    expect(diff.summaryText).toBe("1 paragraph moved");
  });

  it("reports a paragraph turned into a heading as a restyled change, not a move", () => {
    const diff = diffDocuments(doc(p("Definitions"), p("Body.")), doc(h(2, "Definitions"), p("Body.")));
    const [change] = edits(diff);
    expect(change).toMatchObject({ type: "changed", kind: "heading", restyled: true, before: { kind: "paragraph" } });
    expect(diff.summaryText).toBe("1 heading changed");
  });

  it("notices formatting-only changes", () => {
    const diff = diffDocuments(doc(p("Net 30 days.")), doc(p([text("Net 30 days.", bold)])));
    expect(edits(diff)).toEqual([expect.objectContaining({ type: "changed", restyled: true })]);
  });

  it("counts whole whitespace-separated words touched by an edit", () => {
    const diff = diffDocuments(doc(p("Delivery by the end of the month.")), doc(p("Delivery by the end of the month, at its cost.")));
    // "month," (its comma is new), "at", "its", "cost.": four words added, none removed.
    expect(diff.summary).toMatchObject({ wordsAdded: 4, wordsRemoved: 0 });
  });

  it("folds a short kept word between two replacements into one replacement", () => {
    const [change] = edits(diffDocuments(doc(p("The fee is ten pounds a month.")), doc(p("The fee is twelve euros a week."))));
    expect(change.words).toEqual([
      { type: "equal", text: "The fee is " },
      { type: "delete", text: "ten pounds a month" },
      { type: "insert", text: "twelve euros a week" },
      { type: "equal", text: "." },
    ]);
  });

  it("counts several kinds with singular and plural in the summary", () => {
    const before = doc(h(1, "Title"), h(2, "Old section"), p("One two three."), p("Four five six."), p("Seven."));
    const after = doc(h(1, "Title"), p("One two three four."), p("Four five."), p("Seven."), p("Eight nine."));
    expect(diffDocuments(before, after).summaryText).toBe("2 paragraphs changed, 1 added, 1 heading removed; +3 \u22123 words");
  });
});

describe("citations", () => {
  const before = doc(p([text("Sovereignty bars intervention."), cite("nicaragua", "para 202")]), p("Due diligence applies."));

  it("flattens each citation to one footnote mark numbered in document order", () => {
    const after = doc(p([text("Intro"), cite("corfu")]), p([text("Rule"), cite("nicaragua", "para 202"), text(".")]));
    const blocks = flattenDocument(after);
    expect(blocks.map((b) => b.text)).toEqual(["Intro\uFFFC", "Rule\uFFFC."]);
    expect(blocks[1].runs[1]).toEqual({ text: "\uFFFC", marks: [], citation: { sourceId: "nicaragua", pinpoint: "para 202", number: 2 } });
  });

  it("counts a citation added as a change", () => {
    const after = doc(before.content![0], p([text("Due diligence applies."), cite("corfu", "22")]));
    const diff = diffDocuments(before, after);
    const [change] = edits(diff);
    expect(change.words).toEqual([
      { type: "equal", text: "Due diligence applies." },
      { type: "insert", text: "\uFFFC" },
    ]);
    expect(diff.summary).toMatchObject({ changed: 1, wordsAdded: 0, wordsRemoved: 0, citationsAdded: 1, citationsRemoved: 0 });
    expect(diff.summaryText).toBe("1 paragraph changed; +1 citation");
  });

  it("counts a citation removed", () => {
    const diff = diffDocuments(before, doc(p("Sovereignty bars intervention."), p("Due diligence applies.")));
    expect(diff.summary).toMatchObject({ citationsAdded: 0, citationsRemoved: 1 });
    expect(diff.summaryText).toBe("1 paragraph changed; \u22121 citation");
  });

  it("shows a changed pinpoint as the citation replaced", () => {
    const after = doc(p([text("Sovereignty bars intervention."), cite("nicaragua", "para 205")]), p("Due diligence applies."));
    const diff = diffDocuments(before, after);
    const [change] = edits(diff);
    expect(change.restyled).toBeUndefined();
    expect(change.words).toEqual([
      { type: "equal", text: "Sovereignty bars intervention." },
      { type: "delete", text: "\uFFFC" },
      { type: "insert", text: "\uFFFC" },
    ]);
    expect(diff.summaryText).toBe("1 paragraph changed; +1 \u22121 citations");
  });

  it("shows footnote marks inserted and deleted in the redline, numbered as in their own version, with their wording", () => {
    const after = doc(
      p([text("Sovereignty bars intervention."), cite("nicaragua", "para 205")]),
      p([text("Due diligence applies."), cite("corfu")]),
    );
    const wording = (c: { sourceId: string | null; pinpoint: string }) => [{ text: `${c.sourceId} <${c.pinpoint}>` }];
    const html = renderRedline(diffDocuments(before, after), { citationText: wording });
    expect(html).toContain(
      '<del><sup class="redline-citation" title="Footnote 1: nicaragua &lt;para 202&gt;">[1]</sup></del><ins><sup class="redline-citation" title="Footnote 1: nicaragua &lt;para 205&gt;">[1]</sup></ins>',
    );
    expect(html).toContain('Due diligence applies.<ins><sup class="redline-citation" title="Footnote 2: corfu &lt;&gt;">[2]</sup></ins>');
    expect(renderRedline(diffDocuments(before, before))).toContain(
      'intervention.<sup class="redline-citation" title="Footnote 1: (para 202)">[1]</sup>',
    );
  });

  it("does not see later citations as changed when an earlier one renumbers them", () => {
    const after = doc(
      p([text("Sovereignty"), cite("corfu"), text(" bars intervention."), cite("nicaragua", "para 202")]),
      p("Due diligence applies."),
    );
    const diff = diffDocuments(before, after);
    expect(diff.summary).toMatchObject({ changed: 1, citationsAdded: 1, citationsRemoved: 0 });
  });
});

describe("formatSummary", () => {
  const counts = { changed: 0, added: 0, removed: 0, moved: 0 };
  const summary = (
    byKind: Partial<DiffSummary["byKind"]>,
    wordsAdded: number,
    wordsRemoved: number,
    citationsAdded = 0,
    citationsRemoved = 0,
  ): DiffSummary => ({
    ...counts,
    wordsAdded,
    wordsRemoved,
    citationsAdded,
    citationsRemoved,
    byKind: {
      paragraph: counts,
      heading: counts,
      listItem: counts,
      tableCell: counts,
      codeBlock: counts,
      blockquote: counts,
      rule: counts,
      ...byKind,
    },
  });

  it("words it like a person would", () => {
    expect(formatSummary(summary({ paragraph: { ...counts, changed: 3, added: 1 }, heading: { ...counts, removed: 1 } }, 142, 37))).toBe(
      "3 paragraphs changed, 1 added, 1 heading removed; +142 \u221237 words",
    );
    expect(formatSummary(summary({ listItem: { ...counts, moved: 2 }, tableCell: { ...counts, changed: 1 } }, 0, 2))).toBe(
      "2 list items moved, 1 table cell changed; \u22122 words",
    );
    expect(formatSummary(summary({ rule: { ...counts, added: 1 } }, 0, 0))).toBe("1 horizontal rule added");
    expect(formatSummary(summary({}, 0, 0))).toBe("No changes");
    expect(formatSummary(summary({ paragraph: { ...counts, changed: 1 } }, 0, 0, 1, 0))).toBe("1 paragraph changed; +1 citation");
    expect(formatSummary(summary({ paragraph: { ...counts, changed: 2 } }, 3, 0, 1, 1))).toBe(
      "2 paragraphs changed; +3 words, +1 \u22121 citations",
    );
  });
});

describe("redline HTML", () => {
  it("marks insertions, deletions and whole blocks", () => {
    const before = doc(p("Keep me."), p("The fee is ten pounds."), p("Remove me entirely now."));
    const after = doc(p("Keep me."), p("The fee is twelve pounds."), p("Brand new paragraph here."));
    const html = renderRedline(diffDocuments(before, after));
    expect(html).toContain("<p>Keep me.</p>");
    expect(html).toContain('<p class="block-changed">The fee is <del>ten</del><ins>twelve</ins> pounds.</p>');
    expect(html).toContain('<p class="block-removed"><del>Remove me entirely now.</del></p>');
    expect(html).toContain('<p class="block-added"><ins>Brand new paragraph here.</ins></p>');
  });

  it("keeps unchanged formatting inside a changed block", () => {
    const html = renderRedline(
      diffDocuments(doc(p([text("Strictly", bold), text(" confidential.")])), doc(p([text("Strictly", bold), text(" private.")]))),
    );
    expect(html).toContain("<strong>Strictly</strong> <del>confidential</del><ins>private</ins>.");
  });

  it("renders lists, cells, headings and moves in their own elements", () => {
    const before = doc(h(2, "Parties"), p("Moved text here."), ol(["One"]), table([["A"], ["B"]]));
    const after = doc(h(3, "Parties"), ol(["One", "Two"]), table([["A"], ["B2"]]), p("Moved text here."));
    const html = renderRedline(diffDocuments(before, after));
    expect(html).toContain('<h3 class="block-changed"><span class="redline-label">Was heading 2</span> Parties</h3>');
    expect(html).toMatch(
      /<ol class="redline-list">\n<li value="1">One<\/li>\n<li class="block-added" value="2"><ins>Two<\/ins><\/li>\n<\/ol>/,
    );
    expect(html).toContain(
      '<table class="redline-table"><tbody>\n<tr>\n<th>\nA\n</th>\n</tr>\n<tr>\n<td class="block-changed">\n<del>B</del><ins>B2</ins>\n</td>\n</tr>\n</tbody></table>',
    );
    expect(html).toContain('<p class="block-moved"><span class="redline-label">Moved from paragraph 1</span> Moved text here.</p>');
  });

  it("shows an empty cell added or removed as the shaded cell alone, and an empty paragraph with a pilcrow", () => {
    const emptyCells = (html: string) =>
      [...html.matchAll(/<(td|th) class="block-(added|removed)">\n([\s\S]*?)<\/\1>/g)].map(([, , kind, body]) => [kind, body.trim()]);
    const added = renderRedline(
      diffDocuments(
        doc(p("Intro."), table([["Instrument"], ["Tallinn Manual 2.0"]])),
        doc(
          p("Intro."),
          p(""),
          table([
            ["Instrument", ""],
            ["Tallinn Manual 2.0", ""],
          ]),
        ),
      ),
    );
    expect(added).toContain('<p class="block-added"><ins><span class="redline-empty">¶</span></ins></p>');
    expect(emptyCells(added)).toEqual([
      ["added", ""],
      ["added", ""],
    ]);
    const removed = renderRedline(
      diffDocuments(
        doc(
          table([
            ["Instrument", "Threshold"],
            ["Tallinn Manual 2.0", ""],
          ]),
        ),
        doc(table([["Instrument", "Threshold"]])),
      ),
    );
    expect(emptyCells(removed)).toEqual([
      ["removed", "<del>Tallinn Manual 2.0</del>"],
      ["removed", ""],
    ]);
  });

  it("draws tables as tables: rows added and removed in rows of their own, a removed column's cells in their rows", () => {
    const before = doc(
      table([
        ["Party", "Role", "Since"],
        ["Acme", "Supplier", "2020"],
        ["Bolt", "Carrier", "2021"],
      ]),
    );
    const after = doc(
      table([
        ["Party", "Role"],
        ["Acme", "Supplier"],
        ["Crane", "Insurer"],
        ["Bolt", "Haulier"],
      ]),
    );
    const html = renderRedline(diffDocuments(before, after));
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, cells]) =>
      [...cells.matchAll(/<(td|th)([^>]*)>([\s\S]*?)<\/\1>/g)].map(([, , attrs, body]) => `${attrs.trim()}|${body.trim()}`),
    );
    expect(rows).toEqual([
      ["|Party", "|Role", 'class="block-removed"|<del>Since</del>'],
      ["|Acme", "|Supplier", 'class="block-removed"|<del>2020</del>'],
      ['class="block-added"|<ins>Crane</ins>', 'class="block-added"|<ins>Insurer</ins>'],
      ["|Bolt", 'class="block-changed"|<del>Carrier</del><ins>Haulier</ins>', 'class="block-removed"|<del>2021</del>'],
    ]);
    expect(html.match(/<table/g)).toHaveLength(1);
    expect(diffDocuments(before, after).summaryText).toBe("1 table cell changed, 2 added, 3 removed; +3 \u22124 words");
  });

  it("keeps a table's removed and added rows in rows of their own when nothing of it stays", () => {
    const html = renderRedline(
      diffDocuments(
        doc(p("Before."), table([["Old party", "Old role"]])),
        doc(
          p("Before."),
          table([
            ["Alpha beta", "Gamma delta"],
            ["Epsilon", "Zeta"],
          ]),
        ),
      ),
    );
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, cells]) =>
      [...cells.matchAll(/<(?:td|th)[^>]*>\n([\s\S]*?)\n<\/t[dh]>/g)].map(([, body]) => body),
    );
    expect(rows).toEqual([
      ["<del>Old party</del><ins>Alpha beta</ins>", "<del>Old role</del><ins>Gamma delta</ins>"],
      ["<ins>Epsilon</ins>", "<ins>Zeta</ins>"],
    ]);
  });

  it("escapes user text and drops unsafe links", () => {
    const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const link = text("click", { type: "link", attrs: { href: "javascript:alert(1)" } });
    const diff = diffDocuments(doc(p("Safe.")), doc(p("Safe."), p(evil), p([link]), h(2, "<b>bold</b>")));
    const html = renderRedlineDocument(diff, { title: "<script>t</script>", fromLabel: "<v1>", toLabel: '"v2"' });
    expect(html).not.toMatch(/<script|<img|<b>|javascript:/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("<title>Redline: &lt;script&gt;t&lt;/script&gt;</title>");
    expect(html).toContain("&lt;v1&gt;");
    expect(html).toContain("&quot;v2&quot;");
    expect(html).toContain("<ins>click</ins>");
  });

  it("keeps safe links", () => {
    const link = text("the policy", { type: "link", attrs: { href: "https://example.com/?a=1&b=2" } });
    const html = renderRedline(diffDocuments(doc(), doc(p([text("See "), link]))));
    expect(html).toContain('<a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer nofollow">the policy</a>');
  });

  it("builds a standalone document with a header and the summary", () => {
    const diff = diffDocuments(doc(p("One.")), doc(p("One."), p("Two words.")));
    const html = renderRedlineDocument(diff, { title: "Lease", fromLabel: "Version 3", toLabel: "Version 5" });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<style>");
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("<h1>Lease</h1>");
    expect(html).toContain("Version 3");
    expect(html).toContain("Version 5");
    expect(html).toContain('<p class="redline-summary">1 paragraph added; +2 words</p>');
  });
});
