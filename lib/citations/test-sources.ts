import type { CitableSource } from "./footnotes";

/**
 * Registry entries and run readers shared by the citation styles' tests: each style formats the
 * same authorities, entered the way an editor enters them (OSCOLA-style fields), so the tests can
 * be read side by side.
 */

export const source = (kind: string, title: string, fields: Record<string, string> = {}, shortTitle = ""): CitableSource => ({
  id: `${kind}:${title}`,
  kind,
  title,
  shortTitle,
  fields,
  url: "",
});
export const plain = (runs: { text: string }[]) => runs.map((r) => r.text).join("");
export const italics = (runs: { text: string; italic?: boolean }[]) => runs.filter((r) => r.italic).map((r) => r.text);

export const charter = source(
  "treaty",
  "Charter of the United Nations",
  { adopted: "26 June 1945", inForce: "24 October 1945", series: "1 UNTS XVI" },
  "UN Charter",
);
export const gge = source(
  "un_document",
  "Report of the Group of Governmental Experts on Developments in the Field of Information and Telecommunications in the Context of International Security",
  { body: "UNGA", symbol: "A/70/174", date: "22 July 2015" },
  "2015 GGE Report",
);
export const corfu = source(
  "judgment",
  "Corfu Channel (United Kingdom v Albania) (Merits)",
  { court: "ICJ", year: "1949", report: "[1949] ICJ Rep 4", date: "9 April 1949" },
  "Corfu Channel",
);
export const article = source("scholarship", "Cyber Due Diligence: A Patchwork of Protective Obligations", {
  author: "Antonio Coco and Talita de Souza Dias",
  journal: "European Journal of International Law",
  volume: "32",
  firstPage: "771",
  year: "2021",
});
export const tallinnManual = source(
  "scholarship",
  "Tallinn Manual 2.0 on the International Law Applicable to Cyber Operations",
  { author: "Michael N Schmitt (ed)", publisher: "CUP", year: "2017" },
  "Tallinn Manual 2.0",
);
export const netherlands = source("state_position", "International law in cyberspace", {
  state: "Government of the Netherlands",
  forum: "Letter to the House of Representatives",
  date: "5 July 2019",
});
