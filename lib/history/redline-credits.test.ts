import type { JSONContent } from "@tiptap/core";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { diffDocuments } from "./diff";
import type { RedlineCredit } from "./redline-authorship";
import { creditRedline, type CreditedRedline, type HistoryStep } from "./redline-credits";
import { renderRedlineDocx } from "./redline-docx";
import { renderRedline } from "./redline-html";

// Documents as lists of paragraphs, which is all the tracing needs to be shown.
const doc = (...paragraphs: string[]): JSONContent => ({
  type: "doc",
  content: paragraphs.map((text) => ({ type: "paragraph", content: text ? [{ type: "text", text }] : [] })),
});

type Who = { who: string; version: number };
const alice = (version: number): Who => ({ who: "Alice", version });
const bob = (version: number): Who => ({ who: "Bob", version });
const SPAN: Who = { who: "everyone", version: 0 };

/** History v1 → v2 (Alice) → v3 (Bob), as steps after the base v1. */
const V1 = doc("Operations causing harm breach the rule.");
const V2 = doc("Operations causing harm breach the sovereignty rule.");
const V3 = doc("Operations causing risk breach the sovereignty rule.");
const HISTORY: HistoryStep<Who>[] = [
  { json: V2, credit: alice(2) },
  { json: V3, credit: bob(3) },
];

/** The insertions and deletions of a credited redline, as "+text by who vN" / "-text by who vN". */
function changes(redline: CreditedRedline<Who>): string[] {
  return redline.blocks.flatMap((block) =>
    block.pieces
      .filter((p) => p.type !== "equal")
      .map((p) => `${p.type === "insert" ? "+" : "-"}${p.text} by ${p.credit?.who} v${p.credit?.version}`),
  );
}

describe("creditRedline", () => {
  it("credits each word to the version that inserted or deleted it", () => {
    const redline = creditRedline(V1, HISTORY, { fallback: SPAN });
    expect(redline.diff).toEqual(diffDocuments(V1, V3));
    expect(changes(redline)).toEqual(["-harm by Bob v3", "+risk by Bob v3", "+sovereignty  by Alice v2"]);
  });

  it("leaves out a word added and deleted again in between, and credits what stayed to when it last came", () => {
    const history: HistoryStep<Who>[] = [
      { json: doc("The State shall promptly notify the victim."), credit: alice(2) },
      { json: doc("The State shall notify the affected State."), credit: bob(3) },
    ];
    const redline = creditRedline(doc("The State shall notify the victim."), history, { fallback: SPAN });
    expect(changes(redline).join(" | ")).not.toContain("promptly");
    expect(changes(redline)).toEqual(["-victim by Bob v3", "+affected State by Bob v3"]);
  });

  it("credits a change undone and made again to the version that made it last", () => {
    const history: HistoryStep<Who>[] = [
      { json: doc("Due diligence is a binding obligation."), credit: bob(2) },
      { json: doc("Due diligence is an obligation."), credit: bob(3) },
      { json: doc("Due diligence is a binding obligation."), credit: alice(4) },
    ];
    const redline = creditRedline(doc("Due diligence is an obligation."), history, { fallback: SPAN });
    expect(changes(redline)).toEqual(["-an by Alice v4", "+a by Alice v4", "+binding  by Alice v4"]);
  });

  it("reads a backward comparison as undoing each version, credited to that version", () => {
    const redline = creditRedline(V1, HISTORY, { backward: true, fallback: SPAN });
    expect(redline.diff).toEqual(diffDocuments(V3, V1));
    expect(changes(redline)).toEqual(["-risk by Bob v3", "+harm by Bob v3", "-sovereignty  by Alice v2"]);
  });

  it("credits whole paragraphs, and the words written into them later, to their own versions", () => {
    const history: HistoryStep<Who>[] = [
      { json: doc("Keep.", "Drop this paragraph.", "A new point."), credit: alice(2) },
      { json: doc("Keep.", "A new point, argued further."), credit: bob(3) },
    ];
    const redline = creditRedline(doc("Keep.", "Drop this paragraph."), history, { fallback: SPAN });
    const removed = redline.diff.blocks.findIndex((b) => b.type === "removed");
    const added = redline.diff.blocks.findIndex((b) => b.type === "added");
    expect(redline.blocks[removed].markCredit).toEqual(bob(3));
    expect(redline.blocks[added].markCredit).toEqual(alice(2));
    expect(changes(redline)).toEqual([
      "-Drop this paragraph. by Bob v3",
      "+A new point by Alice v2",
      "+, argued further by Bob v3",
      "+. by Alice v2",
    ]);
  });

  it("credits an empty paragraph added in a version by its paragraph mark", () => {
    const redline = creditRedline(doc("One."), [{ json: doc("One.", ""), credit: alice(2) }], { fallback: SPAN });
    expect(redline.diff.blocks.map((b) => b.type)).toEqual(["unchanged", "added"]);
    expect(redline.blocks[1]).toEqual({ pieces: [], markCredit: alice(2) });
  });

  it("gives a space the overall diff sweeps into two neighbouring changes the credit of the change it follows", () => {
    // Compared directly, "A B C" → "Y X C" is one replacement of "A B" by "Y X"; the versions
    // replaced B (v2) and A (v3) separately, and kept the space between them.
    const history: HistoryStep<Who>[] = [
      { json: doc("Alpha Beta Gamma Delta Epsilon"), credit: alice(2) },
      { json: doc("Alpha Xray Gamma Delta Epsilon"), credit: alice(3) },
      { json: doc("Yankee Xray Gamma Delta Epsilon"), credit: bob(4) },
    ];
    const redline = creditRedline(doc("Alpha Beta Gamma Delta Epsilon"), history, { fallback: SPAN });
    expect(changes(redline)).toEqual(["-Alpha  by Bob v4", "-Beta by Alice v3", "+Yankee  by Bob v4", "+Xray by Alice v3"]);
  });

  it("has nothing to credit without steps or changes", () => {
    expect(creditRedline(V1, [], { fallback: SPAN }).blocks.every((b) => b.pieces.every((p) => p.type === "equal"))).toBe(true);
    expect(changes(creditRedline(V1, [{ json: V1, credit: alice(2) }], { fallback: SPAN }))).toEqual([]);
  });

  it("stays the plain comparison, with every change credited, over a long random history", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const words = ["state", "harm", "risk", "due", "diligence", "sovereignty", "rule", "breach", "norm", "victim"];
    let paragraphs = ["the state shall not cause harm", "due diligence is a rule"];
    const base = doc(...paragraphs);
    const steps: HistoryStep<Who>[] = [];
    for (let version = 2; version <= 40; version++) {
      paragraphs = paragraphs.map((text) => {
        const tokens = text.split(" ");
        const at = random(tokens.length + 1);
        if (random(3) === 0 && tokens.length > 1) tokens.splice(Math.min(at, tokens.length - 1), 1);
        else tokens.splice(at, 0, words[random(words.length)]);
        return tokens.join(" ");
      });
      if (random(5) === 0) paragraphs.push(words[random(words.length)]);
      if (random(7) === 0 && paragraphs.length > 1) paragraphs.splice(random(paragraphs.length), 1);
      steps.push({ json: doc(...paragraphs), credit: version % 2 ? alice(version) : bob(version) });
    }
    for (const backward of [false, true]) {
      const redline = creditRedline(base, steps, { backward, fallback: SPAN });
      expect(redline.diff).toEqual(backward ? diffDocuments(doc(...paragraphs), base) : diffDocuments(base, doc(...paragraphs)));
      redline.diff.blocks.forEach((change, i) => {
        const pieces = redline.blocks[i].pieces;
        const spelled = (skip: string) =>
          pieces
            .filter((p) => p.type !== skip)
            .map((p) => p.text)
            .join("");
        if (change.before) expect(spelled("insert")).toBe(change.before.text);
        if (change.after && change.type !== "removed") expect(spelled("delete")).toBe(change.after.text);
        for (const piece of pieces) expect(piece.credit === null).toBe(piece.type === "equal");
      });
    }
  });
});

describe("credited redline rendering", () => {
  const at = (iso: string) => new Date(iso);
  const credits: Record<string, RedlineCredit> = {
    alice: { author: "Alice Analyst", date: at("2027-03-02T09:00:00.000Z"), label: "version 2" },
    bob: { author: "Bob Barrister", date: at("2027-03-03T17:30:45.123Z"), label: "version 3" },
  };
  const redline = creditRedline(
    V1,
    [
      { json: V2, credit: credits.alice },
      { json: V3, credit: credits.bob },
    ],
    { fallback: { author: "Opinio", date: at("2027-03-04T00:00:00Z"), label: "versions 2–3" } },
  );

  it("writes each tracked change with its own author and date", async () => {
    const docx = await renderRedlineDocx(redline, { title: "Sovereignty", fromLabel: "version 1", toLabel: "version 3" });
    const xml = await (await JSZip.loadAsync(docx)).file("word/document.xml")!.async("string");
    const tracked = [...xml.matchAll(/<w:(ins|del)\b([^>]*)>([\s\S]*?)<\/w:\1>/g)].map(([, kind, attrs, body]) => ({
      kind,
      text: body.match(/<w:(?:t|delText)[^>]*>([^<]*)</)?.[1],
      author: attrs.match(/w:author="([^"]*)"/)?.[1],
      date: attrs.match(/w:date="([^"]*)"/)?.[1],
    }));
    expect(tracked).toEqual([
      { kind: "del", text: "harm", author: "Bob Barrister", date: "2027-03-03T17:30:45Z" },
      { kind: "ins", text: "risk", author: "Bob Barrister", date: "2027-03-03T17:30:45Z" },
      { kind: "ins", text: "sovereignty ", author: "Alice Analyst", date: "2027-03-02T09:00:00Z" },
    ]);
  });

  it("escapes authors' names in both", async () => {
    const evil: RedlineCredit = { author: 'Eve "<script>alert(1)</script>" & co', date: at("2027-03-05T00:00:00Z"), label: "version 2" };
    const single = creditRedline(doc("One."), [{ json: doc("One. Two."), credit: evil }], { fallback: evil });
    const html = renderRedline(single.diff, { credits: single.blocks });
    expect(html).not.toContain("<script");
    expect(html).toContain('title="Eve &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; co, version 2, 5 Mar 2027, 00:00 UTC"');
    const docx = await renderRedlineDocx(single, { title: "T", fromLabel: "a", toLabel: "b" });
    const xml = await (await JSZip.loadAsync(docx)).file("word/document.xml")!.async("string");
    expect(xml).toContain('w:author="Eve &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; co"');
  });

  it("writes citations as footnotes whose references are tracked insertions and deletions", async () => {
    const cited = (pinpoint: string): JSONContent => ({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Sovereignty is a rule." },
            { type: "citation", attrs: { sourceId: "nicaragua", pinpoint } },
          ],
        },
      ],
    });
    const history = creditRedline(
      doc("Sovereignty is a rule."),
      [
        { json: cited("para 202"), credit: credits.alice },
        { json: cited("para 205"), credit: credits.bob },
      ],
      { fallback: credits.alice },
    );
    const citationText = ({ pinpoint }: { pinpoint: string }) => [
      { text: "Nicaragua v United States", italic: true },
      { text: ` [1986] ICJ Rep 14, ${pinpoint}.` },
    ];
    const zip = await JSZip.loadAsync(
      await renderRedlineDocx(history, { title: "T", fromLabel: "version 1", toLabel: "version 3", citationText }),
    );
    const xml = await zip.file("word/document.xml")!.async("string");
    const references = [
      ...xml.matchAll(/<w:(ins|del)\b[^>]*w:author="([^"]*)"[^>]*>(?:(?!<\/w:\1>)[\s\S])*?<w:footnoteReference w:id="(\d+)"\/>/g),
    ].map(([, kind, author, id]) => ({ kind, author, id }));
    expect(references).toEqual([{ kind: "ins", author: "Bob Barrister", id: "1" }]);
    const notes = await zip.file("word/footnotes.xml")!.async("string");
    expect(notes).toContain("Nicaragua v United States");
    expect(notes).toContain("[1986] ICJ Rep 14, para 205.");

    // From a version that already cited the source, the new pinpoint replaces the old.
    const repinned = creditRedline(cited("para 202"), [{ json: cited("para 205"), credit: credits.bob }], { fallback: credits.bob });
    const xml2 = await (
      await JSZip.loadAsync(await renderRedlineDocx(repinned, { title: "T", fromLabel: "a", toLabel: "b", citationText }))
    )
      .file("word/document.xml")!
      .async("string");
    const tracked = [...xml2.matchAll(/<w:(ins|del)\b[^>]*>((?:(?!<\/w:\1>)[\s\S])*)<\/w:\1>/g)].map(
      ([, kind, body]) => `${kind}:${body.includes("<w:footnoteReference") ? "footnote" : body}`,
    );
    expect(tracked).toEqual(["del:footnote", "ins:footnote"]);
    const notes2 = await (
      await JSZip.loadAsync(await renderRedlineDocx(repinned, { title: "T", fromLabel: "a", toLabel: "b", citationText }))
    )
      .file("word/footnotes.xml")!
      .async("string");
    expect(notes2).toContain("para 202.");
    expect(notes2).toContain("para 205.");
  });

  it("writes tables as real tables, with tracked changes in their cells and a row added tracked as a row", async () => {
    const table = (rows: string[][]): JSONContent => ({
      type: "doc",
      content: [
        {
          type: "table",
          content: rows.map((row, r) => ({
            type: "tableRow",
            content: row.map((text) => ({
              type: r === 0 ? "tableHeader" : "tableCell",
              content: [{ type: "paragraph", content: [{ type: "text", text }] }],
            })),
          })),
        },
      ],
    });
    const tabled = creditRedline(
      table([
        ["Party", "Role"],
        ["Acme", "Supplier"],
      ]),
      [
        {
          json: table([
            ["Party", "Role"],
            ["Acme", "Carrier"],
          ]),
          credit: credits.alice,
        },
        {
          json: table([
            ["Party", "Role"],
            ["Acme", "Carrier"],
            ["Bolt", "Haulier"],
          ]),
          credit: credits.bob,
        },
      ],
      { fallback: credits.alice },
    );
    const xml = await (
      await JSZip.loadAsync(await renderRedlineDocx(tabled, { title: "T", fromLabel: "a", toLabel: "b" }))
    )
      .file("word/document.xml")!
      .async("string");
    expect(xml.match(/<w:tbl>/g)).toHaveLength(1);
    expect(xml).not.toContain("row 2");
    const rows = [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map(([, row]) => ({
      tracked:
        row
          .match(/<w:trPr>[\s\S]*?<w:(ins|del) [^>]*w:author="([^"]*)"/)
          ?.slice(1, 3)
          .join(" by ") ?? null,
      cells: [...row.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map(
        ([, cell]) =>
          [...cell.matchAll(/<w:(ins|del) [^>]*>[\s\S]*?<w:(?:t|delText)(?: [^>]*)?>([^<]*)</g)]
            .map(([, kind, text]) => `${kind}:${text}`)
            .join(" ") || cell.match(/<w:t(?: [^>]*)?>([^<]*)</)?.[1],
      ),
    }));
    expect(rows).toEqual([
      { tracked: null, cells: ["Party", "Role"] },
      { tracked: null, cells: ["Acme", "del:Supplier ins:Carrier"] },
      { tracked: "ins by Bob Barrister", cells: ["ins:Bolt", "ins:Haulier"] },
    ]);
  });

  it("says in the HTML redline who made each change", () => {
    const html = renderRedline(redline.diff, { credits: redline.blocks });
    expect(html).toContain('<del title="Bob Barrister, version 3, 3 Mar 2027, 17:30 UTC">harm</del>');
    expect(html).toContain('<ins title="Alice Analyst, version 2, 2 Mar 2027, 09:00 UTC">sovereignty </ins>');
  });
});
