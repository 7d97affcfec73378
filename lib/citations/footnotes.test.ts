import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { computeFootnotes } from "./footnotes";
import { oscola } from "./styles/oscola";
import { article, charter, corfu, gge, italics, netherlands, plain, source, tallinnManual as book } from "./test-sources";

const other = source("other", "Interview with a former legal adviser, on file with the authors");

describe("OSCOLA", () => {
  it("formats each kind of source in full, with its pinpoint", () => {
    expect(plain(oscola.full(charter, "art 2(4)"))).toBe(
      "Charter of the United Nations (adopted 26 June 1945, entered into force 24 October 1945) 1 UNTS XVI, art 2(4)",
    );
    expect(plain(oscola.full(gge, "para 13(c)"))).toBe(
      "UNGA 'Report of the Group of Governmental Experts on Developments in the Field of Information and Telecommunications in the Context of International Security' (22 July 2015) UN Doc A/70/174, para 13(c)",
    );
    expect(plain(oscola.full(corfu, "22"))).toBe("Corfu Channel (United Kingdom v Albania) (Merits) [1949] ICJ Rep 4, 22");
    expect(italics(oscola.full(corfu, "22"))).toEqual(["Corfu Channel (United Kingdom v Albania) (Merits)"]);
    expect(plain(oscola.full(article, "775"))).toBe(
      "Antonio Coco and Talita de Souza Dias, 'Cyber Due Diligence: A Patchwork of Protective Obligations' (2021) 32 European Journal of International Law 771, 775",
    );
    expect(plain(oscola.full(book, "r 6"))).toBe(
      "Michael N Schmitt (ed), Tallinn Manual 2.0 on the International Law Applicable to Cyber Operations (CUP 2017) r 6",
    );
    expect(italics(oscola.full(book, ""))).toEqual(["Tallinn Manual 2.0 on the International Law Applicable to Cyber Operations"]);
    expect(plain(oscola.full(netherlands, "3"))).toBe(
      "Government of the Netherlands, 'International law in cyberspace' (Letter to the House of Representatives, 5 July 2019), 3",
    );
    expect(plain(oscola.full(other, ""))).toBe("Interview with a former legal adviser, on file with the authors");
  });

  it("uses short forms later: a cross-reference for most, the short title alone for treaties", () => {
    expect(plain(oscola.subsequent(corfu, "35", 2))).toBe("Corfu Channel (n 2) 35");
    expect(plain(oscola.subsequent(article, "", 4))).toBe("Dias (n 4)");
    expect(plain(oscola.subsequent(charter, "art 51", 1))).toBe("UN Charter, art 51");
    expect(plain(oscola.repeat(gge, "para 28"))).toBe("ibid para 28");
    expect(plain(oscola.repeat(gge, ""))).toBe("ibid");
  });
});

function docWith(citations: [string | null, string][]): JSONContent {
  return {
    type: "doc",
    content: citations.map(([sourceId, pinpoint], i) => ({
      type: "paragraph",
      content: [
        { type: "text", text: `Sentence ${i}.` },
        { type: "citation", attrs: { sourceId, pinpoint } },
      ],
    })),
  };
}

describe("computeFootnotes", () => {
  const sources = new Map([gge, corfu, charter].map((s) => [s.id, s]));
  // A merged duplicate resolves to the survivor, as the registry's lookup does.
  const lookup = (id: string) => sources.get(id === "old-gge-id" ? gge.id : id);

  it("numbers citations in document order, with ibid and cross-references, ending each note with a full stop", () => {
    const notes = computeFootnotes(
      docWith([
        [gge.id, "para 13"],
        [gge.id, "para 28"],
        [corfu.id, "22"],
        ["old-gge-id", "para 15"],
        [corfu.id, "22"],
        ["gone", ""],
      ]),
      lookup,
    );
    expect(notes.map((n) => `${n.number}. ${n.text}`)).toEqual([
      `1. ${plain(oscola.full(gge, "para 13"))}.`,
      "2. ibid para 28.",
      "3. Corfu Channel (United Kingdom v Albania) (Merits) [1949] ICJ Rep 4, 22.",
      "4. 2015 GGE Report (n 1) para 15.",
      "5. Corfu Channel (n 3) 22.",
      "6. Source not found.",
    ]);
  });

  it("renumbers when a citation is added before the others", () => {
    const before = computeFootnotes(docWith([[corfu.id, "22"]]), lookup);
    const after = computeFootnotes(
      docWith([
        [charter.id, "art 2(4)"],
        [corfu.id, "22"],
      ]),
      lookup,
    );
    expect(before[0].number).toBe(1);
    expect(after.map((n) => n.number)).toEqual([1, 2]);
    expect(after[1].text).toBe(before[0].text);
  });
});
