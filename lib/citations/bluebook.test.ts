import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { computeFootnotes } from "./footnotes";
import { citationStyle } from "./styles";
import { demoSources } from "@/lib/seed/demo-wiki/sources";
import { bluebook } from "./styles/bluebook";
import { abbreviateJournal } from "./styles/bluebook-journals";
import { abbreviateParties } from "./styles/bluebook-states";
import { article, charter, corfu, gge, italics, netherlands, plain, source, tallinnManual as manual } from "./test-sources";

// The registry entries footnotes.test.ts formats in OSCOLA (lib/citations/test-sources.ts), and a few more.
const trail = source("judgment", "Trail Smelter (United States/Canada)", { year: "1941", report: "3 RIAA 1905" }, "Trail Smelter");
const forum = source("scholarship", "In Defense of Due Diligence in Cyberspace", {
  author: "Michael N Schmitt",
  journal: "Yale Law Journal Forum",
  volume: "125",
  firstPage: "68",
  year: "2015",
});
const other = source("other", "Interview with a former legal adviser, on file with the authors", {}, "Interview");

describe("Bluebook", () => {
  it("is a style a wiki can choose", () => {
    expect(citationStyle("bluebook")).toBe(bluebook);
    expect(bluebook.label).toBe("Bluebook");
  });

  it("formats a treaty in full (article after the name, date of signing, series) and by its short name later", () => {
    expect(plain(bluebook.full(charter, "art 2(4)"))).toBe(
      "Charter of the United Nations art. 2(4), June 26, 1945, 1 U.N.T.S. XVI [hereinafter UN Charter]",
    );
    expect(plain(bluebook.subsequent(charter, "art 51", 1))).toBe("UN Charter art. 51");
    expect(plain(bluebook.repeat(charter, "art 51"))).toBe("Id. art. 51");
  });

  it("formats a UN report by its title (no organ it was made to), symbol and date, then supra with the short name", () => {
    expect(plain(bluebook.full(gge, "para 13(c)"))).toBe(
      "Report of the Group of Governmental Experts on Developments in the Field of Information and Telecommunications in the Context of International Security, ¶ 13(c), U.N. Doc. A/70/174 (July 22, 2015) [hereinafter 2015 GGE Report]",
    );
    expect(plain(bluebook.subsequent(gge, "paras 28-29", 1))).toBe("2015 GGE Report, supra note 1, ¶¶ 28–29");
    expect(italics(bluebook.subsequent(gge, "", 1))).toEqual(["supra"]);
    expect(plain(bluebook.repeat(gge, "para 28"))).toBe("Id. ¶ 28");
  });

  it("formats judgments with the reporter and a pinpoint, and later by the short case name with 'at'", () => {
    expect(plain(bluebook.full(corfu, "22"))).toBe("Corfu Channel (U.K. v. Alb.), Judgment, 1949 I.C.J. 4, 22 (Apr. 9)");
    expect(italics(bluebook.full(corfu, "22"))).toEqual(["Corfu Channel (U.K. v. Alb.)"]);
    expect(plain(bluebook.full(trail, "1965"))).toBe("Trail Smelter (U.S. v. Can.), 3 R.I.A.A. 1905, 1965 (1941)");
    expect(plain(bluebook.subsequent(corfu, "p 22", 2))).toBe("Corfu Channel, 1949 I.C.J. at 22");
    expect(italics(bluebook.subsequent(corfu, "22", 2))).toEqual(["Corfu Channel"]);
    expect(plain(bluebook.subsequent(trail, "", 2))).toBe("Trail Smelter, 3 R.I.A.A. 1905");
    expect(plain(bluebook.repeat(corfu, "18"))).toBe("Id. at 18");
    expect(plain(bluebook.repeat(corfu, ""))).toBe("Id.");
    expect(italics(bluebook.repeat(corfu, "18"))).toEqual(["Id."]);
  });

  it("formats scholarship: articles and books with initials and '&', later supra by surname or short title", () => {
    expect(plain(bluebook.full(article, "775"))).toBe(
      "Antonio Coco & Talita de Souza Dias, Cyber Due Diligence: A Patchwork of Protective Obligations, 32 Eur. J. Int'l L. 771, 775 (2021)",
    );
    expect(italics(bluebook.full(article, ""))).toEqual(["Cyber Due Diligence: A Patchwork of Protective Obligations"]);
    expect(plain(bluebook.full(forum, "70"))).toBe(
      "Michael N. Schmitt, In Defense of Due Diligence in Cyberspace, 125 Yale L.J.F. 68, 70 (2015)",
    );
    expect(plain(bluebook.full(manual, "r 6"))).toBe(
      "Tallinn Manual 2.0 on the International Law Applicable to Cyber Operations r. 6 (Michael N. Schmitt ed., 2017) [hereinafter Tallinn Manual 2.0]",
    );
    expect(plain(bluebook.subsequent(article, "780", 4))).toBe("Coco & de Souza Dias, supra note 4, at 780");
    expect(plain(bluebook.subsequent(forum, "", 2))).toBe("Schmitt, supra note 2");
    expect(plain(bluebook.subsequent(manual, "r 7", 3))).toBe("Tallinn Manual 2.0, supra note 3, r. 7");
    expect(italics(bluebook.subsequent(manual, "r 7", 3))).toEqual(["Tallinn Manual 2.0", "supra"]);
    expect(plain(bluebook.repeat(article, "776"))).toBe("Id. at 776");
  });

  it("formats a State position with its occasion and date, then supra by the State", () => {
    expect(plain(bluebook.full(netherlands, "p 3"))).toBe(
      "Government of the Netherlands, International law in cyberspace 3 (Letter to the House of Representatives, July 5, 2019)",
    );
    expect(plain(bluebook.subsequent(netherlands, "4", 5))).toBe("Government of the Netherlands, supra note 5, at 4");
    expect(plain(bluebook.repeat(netherlands, ""))).toBe("Id.");
  });

  it("formats other sources as entered, with a short name for later", () => {
    expect(plain(bluebook.full(other, ""))).toBe("Interview with a former legal adviser, on file with the authors [hereinafter Interview]");
    expect(plain(bluebook.subsequent(other, "", 6))).toBe("Interview, supra note 6");
    expect(plain(bluebook.repeat(other, ""))).toBe("Id.");
  });
});

describe("Bluebook abbreviations", () => {
  it("abbreviates States in a case name's parties (T10) and joins them with 'v.'", () => {
    expect(abbreviateParties("Corfu Channel (United Kingdom v Albania)")).toBe("Corfu Channel (U.K. v. Alb.)");
    expect(abbreviateParties("Military and Paramilitary Activities in and against Nicaragua (Nicaragua v United States of America)")).toBe(
      "Military and Paramilitary Activities in and against Nicaragua (Nicar. v. U.S.)",
    );
    expect(abbreviateParties("Trail Smelter (United States/Canada)")).toBe("Trail Smelter (U.S. v. Can.)");
    expect(abbreviateParties("Whaling in the Antarctic (Australia v Japan: New Zealand intervening)")).toBe(
      "Whaling in the Antarctic (Austl. v. Japan: New Zealand intervening)",
    );
    expect(abbreviateParties("Legality of the Threat or Use of Nuclear Weapons")).toBe("Legality of the Threat or Use of Nuclear Weapons");
  });

  it("abbreviates journal names (T13), closing up adjacent single capitals", () => {
    expect(abbreviateJournal("Yale Law Journal Forum")).toBe("Yale L.J.F.");
    expect(abbreviateJournal("Yale Law Journal")).toBe("Yale L.J.");
    expect(abbreviateJournal("European Journal of International Law")).toBe("Eur. J. Int'l L.");
    expect(abbreviateJournal("Baltic Yearbook of International Law")).toBe("Baltic Y.B. Int'l L.");
    expect(abbreviateJournal("American Journal of International Law")).toBe("Am. J. Int'l L.");
    expect(abbreviateJournal("Harvard International Law Journal")).toBe("Harv. Int'l L.J.");
    expect(abbreviateJournal("International and Comparative Law Quarterly")).toBe("Int'l & Compar. L.Q.");
    expect(abbreviateJournal("Journal of Conflict and Security Law")).toBe("J. Conflict & Sec. L.");
    expect(abbreviateJournal("New York University Law Review")).toBe("N.Y.U. L. Rev.");
    expect(abbreviateJournal("University of Pennsylvania Law Review")).toBe("U. Pa. L. Rev.");
    expect(abbreviateJournal("Texas Law Review")).toBe("Tex. L. Rev.");
  });
});

describe("Bluebook for international decisions and UN documents", () => {
  it("puts the kind of decision after the case name and the date of decision in the parenthetical (Rule 21)", () => {
    const opinion = source("judgment", "Legality of the Threat or Use of Nuclear Weapons (Advisory Opinion)", {
      court: "ICJ",
      year: "1996",
      report: "[1996] ICJ Rep 226",
      date: "8 July 1996",
    });
    expect(plain(bluebook.full(opinion, "para 29"))).toBe(
      "Legality of the Threat or Use of Nuclear Weapons, Advisory Opinion, 1996 I.C.J. 226, ¶ 29 (July 8)",
    );
    expect(italics(bluebook.full(opinion, ""))).toEqual(["Legality of the Threat or Use of Nuclear Weapons"]);
    // Without a short title, the later form is the case name without the kind of decision.
    expect(plain(bluebook.subsequent(opinion, "para 39", 1))).toBe("Legality of the Threat or Use of Nuclear Weapons, 1996 I.C.J. ¶ 39");
    // A closing parenthetical that names no kind of decision is part of the name.
    expect(plain(bluebook.full(source("judgment", "Trail Smelter (No 2)", { court: "Arbitral Tribunal", year: "1941" }), ""))).toBe(
      "Trail Smelter (No 2) (Arbitral Tribunal 1941)",
    );
    // A reporter without the year: the date is given whole; without a date, the year as before.
    const award = source("judgment", "Island of Palmas (Netherlands v United States of America)", {
      report: "2 RIAA 829",
      date: "4 April 1928",
    });
    expect(plain(bluebook.full(award, "p 838"))).toBe("Island of Palmas (Neth. v. U.S.), 2 R.I.A.A. 829, 838 (Apr. 4, 1928)");
  });

  it("cites a resolution by its number, paragraph and date, with no organ before it (Rule 21.7)", () => {
    const general = source(
      "un_document",
      "Developments in the field of information and telecommunications in the context of international security",
      { body: "UNGA", symbol: "A/RES/70/237", date: "23 December 2015" },
    );
    expect(plain(bluebook.full(general, "para 2"))).toBe("G.A. Res. 70/237, ¶ 2 (Dec. 23, 2015)");
    expect(plain(bluebook.subsequent(general, "para 5", 3))).toBe("G.A. Res. 70/237, supra note 3, ¶ 5");
    const security = source("un_document", "Non-proliferation", { body: "UNSC", symbol: "S/RES/2231 (2015)", date: "20 July 2015" });
    expect(plain(bluebook.full(security, ""))).toBe("S.C. Res. 2231 (July 20, 2015)");
    const older = source("un_document", "Declaration on Principles of International Law concerning Friendly Relations", {
      body: "UNGA",
      symbol: "A/RES/2625(XXV)",
      date: "24 October 1970",
    });
    expect(plain(bluebook.full(older, ""))).toBe("G.A. Res. 2625 (XXV) (Oct. 24, 1970)");
  });

  it("words every authority of the demo registry the Bluebook way", () => {
    const cited = new Map(
      demoSources.map((s) => [
        s.key,
        plain(bluebook.full({ id: s.key, kind: s.kind, title: s.title, shortTitle: s.shortTitle ?? "", fields: s.fields, url: "" }, "")),
      ]),
    );
    expect(cited.get("gge-2013")).toMatch(
      /^Report of the Group of Governmental Experts on .*, U\.N\. Doc\. A\/68\/98 \(June 24, 2013\) \[hereinafter 2013 GGE Report\]$/,
    );
    expect(cited.get("gge-2021")).toBe(
      "Report of the Group of Governmental Experts on Advancing Responsible State Behaviour in Cyberspace in the Context of International Security, U.N. Doc. A/76/135 (July 14, 2021) [hereinafter 2021 GGE Report]",
    );
    expect(cited.get("oewg-2021")).toMatch(/^Report of the Open-ended Working Group .*, U\.N\. Doc\. A\/75\/816 \(Mar\. 2021\)/);
    expect(cited.get("arsiwa")).toBe(
      "Int'l L. Comm'n, Draft Articles on Responsibility of States for Internationally Wrongful Acts, with Commentaries, U.N. Doc. A/56/10 (2001) [hereinafter ARSIWA]",
    );
    expect(cited.get("corfu")).toBe("Corfu Channel (U.K. v. Alb.), Judgment, 1949 I.C.J. 4 (Apr. 9)");
    expect(cited.get("trail-smelter")).toBe("Trail Smelter (U.S. v. Can.), 3 R.I.A.A. 1905 (1941)");
    expect(cited.get("nuclear-weapons")).toBe(
      "Legality of the Threat or Use of Nuclear Weapons, Advisory Opinion, 1996 I.C.J. 226 (July 8)",
    );
    expect(cited.get("bosnian-genocide")).toBe(
      "Application of the Convention on the Prevention and Punishment of the Crime of Genocide (Bosn. & Herz. v. Serb. & Montenegro), Judgment, 2007 I.C.J. 43 (Feb. 26)",
    );
    expect(cited.get("pulp-mills")).toBe("Pulp Mills on the River Uruguay (Arg. v. Uru.), Judgment, 2010 I.C.J. 14 (Apr. 20)");
    expect(cited.get("schmitt-2015")).toContain(", 125 Yale L.J.F. 68 (2015)");
    expect(cited.get("bannelier-2014")).toContain(", 14 Baltic Y.B. Int'l L. 23 (2014)");
    expect(cited.get("coco-dias-2021")).toContain(", 32 Eur. J. Int'l L. 771 (2021)");
    // No UN document names an organ it was only submitted to.
    for (const s of demoSources.filter((s) => s.kind === "un_document")) expect(cited.get(s.key)).not.toMatch(/^G\.A\.,|^S\.C\.,/);
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
    ].map(([sourceId, pinpoint], i) => ({
      type: "paragraph",
      content: [
        { type: "text", text: `Sentence ${i}.` },
        { type: "citation", attrs: { sourceId, pinpoint } },
      ],
    })),
  };
  const sources = new Map([corfu, forum].map((s) => [s.id, s]));

  it("words the same document with Id., short case names and supra, each note ending with a full stop", () => {
    expect(computeFootnotes(doc, (id) => sources.get(id), "bluebook").map((n) => `${n.number}. ${n.text}`)).toEqual([
      "1. Corfu Channel (U.K. v. Alb.), Judgment, 1949 I.C.J. 4, 22 (Apr. 9).",
      "2. Id. at 18.",
      "3. Michael N. Schmitt, In Defense of Due Diligence in Cyberspace, 125 Yale L.J.F. 68, 70 (2015).",
      "4. Corfu Channel, 1949 I.C.J. at 22.",
      "5. Schmitt, supra note 3.",
    ]);
  });
});
