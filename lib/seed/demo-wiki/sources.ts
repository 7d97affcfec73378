/**
 * The demo wiki's sources registry: the authorities its strands cite, each under a key the strands'
 * Markdown refers to with a `[^cite:key, pinpoint]` marker (lib/commands/seed-demo.ts).
 *
 * Only bibliographic details we are sure of are given; a field left out is one we could not
 * confirm (the OEWG report's exact date, say), not one that does not exist. Fields are entered the
 * registry's way (lib/sources/kind-fields.ts); each citation style words them its own way.
 */

import type { SourceKind } from "@/db/schema/sources";

export type DemoSource = {
  key: string;
  kind: SourceKind;
  title: string;
  shortTitle?: string;
  fields: Record<string, string>;
  url?: string;
  notes: string;
};

const GGE_TITLE =
  "Report of the Group of Governmental Experts on Developments in the Field of Information and Telecommunications in the Context of International Security";

export const demoSources: DemoSource[] = [
  // UN processes
  {
    key: "gge-2013",
    kind: "un_document",
    title: GGE_TITLE,
    shortTitle: "2013 GGE Report",
    fields: { body: "UNGA", symbol: "A/68/98", date: "24 June 2013" },
    url: "https://undocs.org/A/68/98",
    notes:
      "First consensus GGE report to say that international law, and the UN Charter in particular, applies to State use of ICTs. Para 23 puts 'must' and 'should seek to ensure' side by side.",
  },
  {
    key: "gge-2015",
    kind: "un_document",
    title: GGE_TITLE,
    shortTitle: "2015 GGE Report",
    fields: { body: "UNGA", symbol: "A/70/174", date: "22 July 2015" },
    url: "https://undocs.org/A/70/174",
    notes:
      "The eleven voluntary, non-binding norms (para 13), among them 13(c) on not knowingly allowing one's territory to be used for wrongful ICT acts. Para 10 is the voluntariness clause; para 28(e) repeats the 2013 wording.",
  },
  {
    key: "gge-2021",
    kind: "un_document",
    title:
      "Report of the Group of Governmental Experts on Advancing Responsible State Behaviour in Cyberspace in the Context of International Security",
    shortTitle: "2021 GGE Report",
    fields: { body: "UNGA", symbol: "A/76/135", date: "14 July 2021" },
    url: "https://undocs.org/A/76/135",
    notes:
      "Adds guidance on how each 2015 norm can be implemented; for 13(c), what a State that knows of or is notified about wrongful activity is expected to do (paras 29-30).",
  },
  {
    key: "oewg-2021",
    kind: "un_document",
    title:
      "Report of the Open-ended Working Group on Developments in the Field of Information and Telecommunications in the Context of International Security",
    shortTitle: "2021 OEWG Report",
    fields: { body: "UNGA", symbol: "A/75/816", date: "March 2021" },
    url: "https://undocs.org/A/75/816",
    notes:
      "The first cyber report open to every UN Member State; the Final Substantive Report is annexed. Its norms section reaffirms that norms do not replace or alter binding obligations.",
  },
  // International Law Commission
  {
    key: "arsiwa",
    kind: "un_document",
    title: "Draft Articles on Responsibility of States for Internationally Wrongful Acts, with Commentaries",
    shortTitle: "ARSIWA",
    fields: { body: "ILC", symbol: "A/56/10", date: "2001" },
    notes:
      "Secondary rules: when a breach occurs (art 14(3) on obligations to prevent) and what the injured State may do about it (countermeasures, arts 49-54).",
  },
  {
    key: "ilc-custom",
    kind: "un_document",
    title: "Draft Conclusions on Identification of Customary International Law, with Commentaries",
    shortTitle: "ILC Conclusions on Custom",
    fields: { body: "ILC", symbol: "A/73/10", date: "2018" },
    notes:
      "The two-element test as the Commission restated it: general practice (conclusion 8), accepted as law (conclusion 9); resolutions (12) and teachings (14) as evidence or subsidiary means only.",
  },
  // Treaty
  {
    key: "icj-statute",
    kind: "treaty",
    title: "Statute of the International Court of Justice",
    shortTitle: "ICJ Statute",
    fields: { adopted: "26 June 1945", inForce: "24 October 1945", series: "33 UNTS 993" },
    notes:
      "Art 38(1)(d): teachings of the most highly qualified publicists are a subsidiary means for determining rules of law, not a source of them.",
  },
  // Judgments and advisory opinions
  {
    key: "corfu",
    kind: "judgment",
    title: "Corfu Channel (United Kingdom v Albania) (Merits)",
    shortTitle: "Corfu Channel",
    fields: { court: "ICJ", year: "1949", report: "[1949] ICJ Rep 4", date: "9 April 1949" },
    url: "https://www.icj-cij.org/case/1",
    notes:
      "The dictum both sides quote: every State's obligation not to allow knowingly its territory to be used for acts contrary to the rights of other States (p 22). At p 18 the Court refuses to infer knowledge from control of territory alone.",
  },
  {
    key: "trail-smelter",
    kind: "judgment",
    title: "Trail Smelter (United States/Canada)",
    shortTitle: "Trail Smelter",
    fields: { year: "1941", report: "3 RIAA 1905" },
    notes:
      "Arbitral awards of 1938 and 1941 on fumes from a Canadian smelter: no State may use or permit the use of its territory to cause injury of serious consequence by fumes to another, proved by clear and convincing evidence (1965).",
  },
  {
    key: "nuclear-weapons",
    kind: "judgment",
    title: "Legality of the Threat or Use of Nuclear Weapons (Advisory Opinion)",
    shortTitle: "Nuclear Weapons",
    fields: { court: "ICJ", year: "1996", report: "[1996] ICJ Rep 226", date: "8 July 1996" },
    notes:
      "Para 29: the general obligation to ensure that activities within a State's jurisdiction and control respect the environment of others is part of international law. Para 39: Charter provisions apply whatever the weapons used.",
  },
  {
    key: "bosnian-genocide",
    kind: "judgment",
    title:
      "Application of the Convention on the Prevention and Punishment of the Crime of Genocide (Bosnia and Herzegovina v Serbia and Montenegro) (Judgment)",
    shortTitle: "Bosnian Genocide",
    fields: { court: "ICJ", year: "2007", report: "[2007] ICJ Rep 43", date: "26 February 2007" },
    notes:
      "The duty to prevent genocide is one of conduct, not result, measured by the capacity to influence (para 430); it arises when the State learns, or should normally have learned, of a serious risk (para 431).",
  },
  {
    key: "pulp-mills",
    kind: "judgment",
    title: "Pulp Mills on the River Uruguay (Argentina v Uruguay) (Judgment)",
    shortTitle: "Pulp Mills",
    fields: { court: "ICJ", year: "2010", report: "[2010] ICJ Rep 14", date: "20 April 2010" },
    notes:
      "Traces the customary principle of prevention to the diligence required of a State in its territory, citing Corfu Channel (para 101), and describes that diligence as adopting rules and measures and enforcing them with vigilance (para 197).",
  },
  // Scholarship
  {
    key: "tallinn",
    kind: "scholarship",
    title: "Tallinn Manual 2.0 on the International Law Applicable to Cyber Operations",
    shortTitle: "Tallinn Manual 2.0",
    fields: { author: "Michael N Schmitt (ed)", publisher: "Cambridge University Press", year: "2017" },
    notes:
      "Expert restatement, written in the experts' personal capacity. Rules 6 and 7 state a due diligence obligation and what compliance takes; the commentary rejects a duty to monitor or to take preventive measures.",
  },
  {
    key: "schmitt-2015",
    kind: "scholarship",
    title: "In Defense of Due Diligence in Cyberspace",
    fields: { author: "Michael N Schmitt", journal: "Yale Law Journal Forum", volume: "125", firstPage: "68", year: "2015" },
    notes:
      "The leading argument that the due diligence principle already binds States in cyberspace, and a reply to the fear that it would demand too much of them.",
  },
  {
    key: "bannelier-2014",
    kind: "scholarship",
    title: "Cyber Diligence: A Low-Intensity Due Diligence Principle for Low-Intensity Cyber Operations?",
    fields: {
      author: "Karine Bannelier-Christakis",
      journal: "Baltic Yearbook of International Law",
      volume: "14",
      firstPage: "23",
      year: "2014",
    },
    notes: "Argues that due diligence offers victims of low-intensity operations a response where attribution to a State fails.",
  },
  {
    key: "coco-dias-2021",
    kind: "scholarship",
    title: '"Cyber Due Diligence": A Patchwork of Protective Obligations in International Law',
    fields: {
      author: "Antonio Coco and Talita de Souza Dias",
      journal: "European Journal of International Law",
      volume: "32",
      firstPage: "771",
      year: "2021",
    },
    notes:
      "Accepts that diligence is tied to specific primary rules, then maps how far those rules together already cover harmful cyber operations.",
  },
  // State positions
  {
    key: "netherlands-2019",
    kind: "state_position",
    title: "International law in cyberspace",
    shortTitle: "Netherlands 2019",
    fields: {
      state: "Netherlands",
      forum: "Appendix to the letter of the Minister of Foreign Affairs to the House of Representatives",
      date: "5 July 2019",
    },
    notes:
      "Treats due diligence as an obligation binding in cyberspace, while recording that not every State agrees it is a rule of international law.",
  },
  {
    key: "france-2019",
    kind: "state_position",
    title: "Droit international appliqué aux opérations dans le cyberespace",
    shortTitle: "France 2019",
    fields: { state: "France", forum: "Ministère des Armées", date: "September 2019" },
    notes:
      "France's position paper: sovereignty is a rule cyber operations can violate, and States must not knowingly allow their territory to be used for wrongful acts against others.",
  },
  {
    key: "germany-2021",
    kind: "state_position",
    title: "On the Application of International Law in Cyberspace",
    shortTitle: "Germany 2021",
    fields: { state: "Germany", forum: "Position paper of the Federal Government", date: "March 2021" },
    notes:
      "Germany's position paper; refers to the Tallinn Manual expressly. Its due diligence passage still needs a close reading for whether it accepts a binding obligation.",
  },
  {
    key: "uk-2018",
    kind: "state_position",
    title: "Cyber and International Law in the 21st Century",
    shortTitle: "Wright 2018",
    fields: { state: "United Kingdom", forum: "Speech by the Attorney General, Jeremy Wright, at Chatham House", date: "23 May 2018" },
    notes:
      "The UK view that sovereignty is not a free-standing rule whose breach by cyber operations is wrongful, beyond the prohibition of intervention.",
  },
];
