import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { computeFootnotes } from "./footnotes";
import { citationStyle } from "./styles";
import { bluebook } from "./styles/bluebook";
import { article, charter, corfu, gge, italics, netherlands, plain, source, tallinnManual as manual } from "./test-sources";

// The registry entries footnotes.test.ts formats in OSCOLA (lib/citations/test-sources.ts), and a few more.
const trail = source("judgment", "Trail Smelter (United States/Canada)", { year: "1941", report: "3 RIAA 1905" }, "Trail Smelter");
const forum = source("scholarship", "In Defense of Due Diligence in Cyberspace", { author: "Michael N Schmitt", journal: "Yale Law Journal Forum", volume: "125", firstPage: "68", year: "2015" });
const other = source("other", "Interview with a former legal adviser, on file with the authors", {}, "Interview");

describe("Bluebook", () => {
  it("is a style a wiki can choose", () => {
    expect(citationStyle("bluebook")).toBe(bluebook);
    expect(bluebook.label).toBe("Bluebook");
  });

  it("formats a treaty in full (article after the name, date of signing, series) and by its short name later", () => {
    expect(plain(bluebook.full(charter, "art 2(4)"))).toBe("Charter of the United Nations art. 2(4), June 26, 1945, 1 U.N.T.S. XVI [hereinafter UN Charter]");
    expect(plain(bluebook.subsequent(charter, "art 51", 1))).toBe("UN Charter art. 51");
    expect(plain(bluebook.repeat(charter, "art 51"))).toBe("Id. art. 51");
  });

  it("formats a UN document with its symbol and date, then supra with the short name", () => {
    expect(plain(bluebook.full(gge, "para 13(c)"))).toBe(
      "G.A., Report of the Group of Governmental Experts on Developments in the Field of Information and Telecommunications in the Context of International Security, ¶ 13(c), U.N. Doc. A/70/174 (July 22, 2015) [hereinafter 2015 GGE Report]",
    );
    expect(plain(bluebook.subsequent(gge, "paras 28-29", 1))).toBe("2015 GGE Report, supra note 1, ¶¶ 28–29");
    expect(italics(bluebook.subsequent(gge, "", 1))).toEqual(["supra"]);
    expect(plain(bluebook.repeat(gge, "para 28"))).toBe("Id. ¶ 28");
  });

  it("formats judgments with the reporter and a pinpoint, and later by the short case name with 'at'", () => {
    expect(plain(bluebook.full(corfu, "22"))).toBe("Corfu Channel (United Kingdom v. Albania) (Merits), 1949 I.C.J. 4, 22");
    expect(italics(bluebook.full(corfu, "22"))).toEqual(["Corfu Channel (United Kingdom v. Albania) (Merits)"]);
    expect(plain(bluebook.full(trail, "1965"))).toBe("Trail Smelter (United States/Canada), 3 R.I.A.A. 1905, 1965 (1941)");
    expect(plain(bluebook.subsequent(corfu, "p 22", 2))).toBe("Corfu Channel, 1949 I.C.J. at 22");
    expect(italics(bluebook.subsequent(corfu, "22", 2))).toEqual(["Corfu Channel"]);
    expect(plain(bluebook.subsequent(trail, "", 2))).toBe("Trail Smelter, 3 R.I.A.A. 1905");
    expect(plain(bluebook.repeat(corfu, "18"))).toBe("Id. at 18");
    expect(plain(bluebook.repeat(corfu, ""))).toBe("Id.");
    expect(italics(bluebook.repeat(corfu, "18"))).toEqual(["Id."]);
  });

  it("formats scholarship: articles and books with initials and '&', later supra by surname or short title", () => {
    expect(plain(bluebook.full(article, "775"))).toBe("Antonio Coco & Talita de Souza Dias, Cyber Due Diligence: A Patchwork of Protective Obligations, 32 European Journal of International Law 771, 775 (2021)");
    expect(italics(bluebook.full(article, ""))).toEqual(["Cyber Due Diligence: A Patchwork of Protective Obligations"]);
    expect(plain(bluebook.full(forum, "70"))).toBe("Michael N. Schmitt, In Defense of Due Diligence in Cyberspace, 125 Yale Law Journal Forum 68, 70 (2015)");
    expect(plain(bluebook.full(manual, "r 6"))).toBe("Tallinn Manual 2.0 on the International Law Applicable to Cyber Operations r. 6 (Michael N. Schmitt ed., 2017) [hereinafter Tallinn Manual 2.0]");
    expect(plain(bluebook.subsequent(article, "780", 4))).toBe("Coco & de Souza Dias, supra note 4, at 780");
    expect(plain(bluebook.subsequent(forum, "", 2))).toBe("Schmitt, supra note 2");
    expect(plain(bluebook.subsequent(manual, "r 7", 3))).toBe("Tallinn Manual 2.0, supra note 3, r. 7");
    expect(italics(bluebook.subsequent(manual, "r 7", 3))).toEqual(["Tallinn Manual 2.0", "supra"]);
    expect(plain(bluebook.repeat(article, "776"))).toBe("Id. at 776");
  });

  it("formats a State position with its occasion and date, then supra by the State", () => {
    expect(plain(bluebook.full(netherlands, "p 3"))).toBe("Government of the Netherlands, International law in cyberspace 3 (Letter to the House of Representatives, July 5, 2019)");
    expect(plain(bluebook.subsequent(netherlands, "4", 5))).toBe("Government of the Netherlands, supra note 5, at 4");
    expect(plain(bluebook.repeat(netherlands, ""))).toBe("Id.");
  });

  it("formats other sources as entered, with a short name for later", () => {
    expect(plain(bluebook.full(other, ""))).toBe("Interview with a former legal adviser, on file with the authors [hereinafter Interview]");
    expect(plain(bluebook.subsequent(other, "", 6))).toBe("Interview, supra note 6");
    expect(plain(bluebook.repeat(other, ""))).toBe("Id.");
  });
});

describe("computeFootnotes in Bluebook", () => {
  const doc: JSONContent = {
    type: "doc",
    content: [
      [corfu.id, "22"],
      [corfu.id, "18"],
      [forum.id, "70"],
      [corfu.id, "22"],
      [forum.id, ""],
    ].map(([sourceId, pinpoint], i) => ({ type: "paragraph", content: [{ type: "text", text: `Sentence ${i}.` }, { type: "citation", attrs: { sourceId, pinpoint } }] })),
  };
  const sources = new Map([corfu, forum].map((s) => [s.id, s]));

  it("words the same document with Id., short case names and supra, each note ending with a full stop", () => {
    expect(computeFootnotes(doc, (id) => sources.get(id), "bluebook").map((n) => `${n.number}. ${n.text}`)).toEqual([
      "1. Corfu Channel (United Kingdom v. Albania) (Merits), 1949 I.C.J. 4, 22.",
      "2. Id. at 18.",
      "3. Michael N. Schmitt, In Defense of Due Diligence in Cyberspace, 125 Yale Law Journal Forum 68, 70 (2015).",
      "4. Corfu Channel, 1949 I.C.J. at 22.",
      "5. Schmitt, supra note 3.",
    ]);
  });
});
