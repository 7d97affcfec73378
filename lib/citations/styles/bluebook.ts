import type { CitableSource, FootnoteRun } from "../footnotes";
import { abbreviateJournal } from "./bluebook-journals";
import { abbreviateParties } from "./bluebook-states";
import { dayMonthYear, italic, runs } from "./runs";
import type { CitationStyle } from "./types";
import { STYLE_LABELS } from "./labels";

/**
 * The Bluebook (21st ed.), for the kinds of authority the registry knows. Typeface follows the
 * Bluepages: case names, titles of works, "Id." and "supra" in italics (a footnote run has no
 * small capitals for the law-review forms). The registry's fields are written the OSCOLA way
 * ("26 June 1945", "[1949] ICJ Rep 4", "Michael N Schmitt", "para 13"), so this file translates
 * the conventions that differ: month-first abbreviated dates, full stops after initials, "&"
 * between two authors, "¶" for paragraphs, the reporters international lawyers cite most, States
 * abbreviated in case names (T10) and journal names abbreviated (T13).
 * Later citations: "Id." right after the same source, the short case name with "at" for cases,
 * the short name alone for treaties, and "supra note N" for everything else.
 */

const MONTHS: Record<string, string> = {
  january: "Jan.",
  february: "Feb.",
  march: "Mar.",
  april: "Apr.",
  may: "May",
  june: "June",
  july: "July",
  august: "Aug.",
  september: "Sept.",
  october: "Oct.",
  november: "Nov.",
  december: "Dec.",
};

/** "22 July 2015" → "July 22, 2015"; "September 2019" → "Sept. 2019"; anything else as entered. */
function date(value: string): string {
  const dayFirst = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(value.trim());
  if (dayFirst && MONTHS[dayFirst[2].toLowerCase()]) return `${MONTHS[dayFirst[2].toLowerCase()]} ${dayFirst[1]}, ${dayFirst[3]}`;
  const monthYear = /^([A-Za-z]+) (\d{4})$/.exec(value.trim());
  if (monthYear && MONTHS[monthYear[1].toLowerCase()]) return `${MONTHS[monthYear[1].toLowerCase()]} ${monthYear[2]}`;
  return value;
}

/** Reporters and treaty series as OSCOLA writes them, and as the Bluebook does (T1, T3). */
const REPORTERS: [RegExp, string][] = [
  [/^\[(\d{4})\] ICJ Rep (\d+)$/, "$1 I.C.J. $2"],
  [/^\[(\d{4})\] ITLOS Rep (\d+)$/, "$1 ITLOS Rep. $2"],
  [/\bUNTS\b/g, "U.N.T.S."],
  [/\bRIAA\b/g, "R.I.A.A."],
];
const reporter = (value: string) => REPORTERS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), value.trim());

/** Courts and UN organs as they appear in a Bluebook parenthetical or as an issuing body. */
const BODIES: Record<string, string> = {
  ICJ: "I.C.J.",
  PCIJ: "P.C.I.J.",
  ECtHR: "Eur. Ct. H.R.",
  IACtHR: "Inter-Am. Ct. H.R.",
  UNGA: "G.A.",
  UNSC: "S.C.",
  ILC: "Int'l L. Comm'n",
};
const body = (value: string) => BODIES[value.trim()] ?? value.trim().replace(/\bUN\b/g, "U.N.");

/**
 * Pinpoints as entered ("para 13(c)", "paras 10-12", "art 2(4)", "p 22", "r 6") in Bluebook form
 * ("¶ 13(c)", "¶¶ 10–12", "art. 2(4)", "22", "r. 6"). Pages carry no label in the Bluebook.
 */
function pinpoint(value: string): string {
  return value
    .trim()
    .replace(/^paras\.?\s+/i, "¶¶ ")
    .replace(/^para\.?\s+/i, "¶ ")
    .replace(/^(arts?|rr?|nn?)\.?\s+/i, (_, label: string) => `${label.toLowerCase()}. `)
    .replace(/^pp?\.?\s+/i, "")
    .replace(/(\d)-(\d)/g, "$1–$2");
}

/** A page pinpoint reads "at 22" in short forms; a paragraph or article does not take "at". */
const at = (pin: string) => (!pin ? "" : /^\d/.test(pin) ? ` at ${pin}` : ` ${pin}`);

/** "Michael N Schmitt" → "Michael N. Schmitt", "J B Bellinger III" → "J.B. Bellinger III", two authors joined by "&". */
function authorNames(value: string): string {
  const dotted = value.replace(/\b([A-Z])(?![\w.'’])/g, "$1.").replace(/\b([A-Z])\. (?=[A-Z]\.)/g, "$1.");
  return dotted.replace(/ and (?!.* and )/, " & ");
}

/** "(ed)" or "(eds)" after the names makes them editors: a book then leads with its title. */
function splitEditor(author: string): { names: string; editors: "" | "ed." | "eds." } {
  const match = /\s*\((eds?)\.?\)$/.exec(author);
  return match ? { names: author.slice(0, match.index), editors: match[1] === "eds" ? "eds." : "ed." } : { names: author, editors: "" };
}

/** One author's surname: from a lower-case particle on ("de Souza Dias"), else the last word, leaving out "Jr." or "III". */
function surname(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => !/^(Jr\.?|Sr\.?|II|III|IV)$/.test(w));
  const particle = words.findIndex((w, i) => i > 0 && i < words.length - 1 && /^[a-z]/.test(w));
  return particle > 0 ? words.slice(particle).join(" ") : (words.at(-1) ?? "");
}

/** How a later footnote names a work by its authors: "Schmitt", "Coco & de Souza Dias", "Smith et al.". */
function surnames(names: string): string {
  const people = names
    .split(/\s*(?:,|&|\band\b)\s*/)
    .filter(Boolean)
    .map(surname);
  if (people.length > 2) return `${people[0]} et al.`;
  return people.join(" & ");
}

/** "[hereinafter X]" ends a full citation whose later citations use a short name it does not show. */
function hereinafter(source: CitableSource, name: FootnoteRun | null): (FootnoteRun | string)[] {
  if (!name || !source.shortTitle || source.shortTitle === source.title) return [];
  return [" [hereinafter ", name, "]"];
}

/** The name a later citation of a work uses: its authors' surnames, or for an edited or anonymous work its (short) title. */
function workName(source: CitableSource): FootnoteRun {
  const { names, editors } = splitEditor(source.fields.author ?? "");
  if (names && !editors) return { text: surnames(names) };
  return italic(source.shortTitle || source.title);
}

function treaty(s: CitableSource, pin: string): FootnoteRun[] {
  const { adopted, series, article } = s.fields;
  const where = pin || pinpoint(article ?? "");
  return runs(
    s.title,
    where && ` ${where}`,
    adopted && `, ${date(adopted)}`,
    series && `, ${reporter(series)}`,
    ...hereinafter(s, { text: s.shortTitle }),
  );
}

/** "A/RES/70/237" → "G.A. Res. 70/237", "S/RES/2231 (2015)" → "S.C. Res. 2231" (Rule 21.7); null for any other symbol. */
function resolution(symbol: string): string | null {
  const general = /^A\/RES\/(\d+\/\d+|\d+)\s*(\([A-Z]+\))?/.exec(symbol.trim());
  if (general) return `G.A. Res. ${general[1]}${general[2] ? ` ${general[2]}` : ""}`;
  const security = /^S\/RES\/(\d+)/.exec(symbol.trim());
  return security ? `S.C. Res. ${security[1]}` : null;
}

/** Organs a report is made to rather than by: the document's title and symbol say it all, the organ is no author. */
const ADDRESSEES = new Set(["UNGA", "UNSC"]);

function unDocument(s: CitableSource, pin: string): FootnoteRun[] {
  const { body: issuer, symbol, date: issued } = s.fields;
  const resolved = symbol ? resolution(symbol) : null;
  // A resolution is cited by its number alone: "G.A. Res. 70/237, ¶ 5 (Dec. 23, 2015)".
  if (resolved) return runs(resolved, pin && `, ${pin}`, issued && ` (${date(issued)})`, ...hereinafter(s, { text: s.shortTitle }));
  // Anything else by its title; an authoring body (the ILC, the Secretary-General) leads.
  const author = issuer && !ADDRESSEES.has(issuer.trim()) ? `${body(issuer)}, ` : "";
  return runs(
    author,
    s.title,
    pin && `, ${pin}`,
    symbol && `, U.N. Doc. ${symbol}`,
    issued && ` (${date(issued)})`,
    ...hereinafter(s, { text: s.shortTitle }),
  );
}

/** A case name's closing "(Merits)", "(Advisory Opinion)": the kind of decision, which the Bluebook puts after the name. */
const DECISION =
  /\s*\(((?:Merits|Judgment|Advisory Opinion|Preliminary Objections?|Provisional Measures|Order|Jurisdiction|Admissibility|Compensation|Reparations?|Interpretation|Revision|Counter-Claims|Intervention|Award)\b[^()]*)\)$/;
const DECISION_NAMES: Record<string, string> = { Merits: "Judgment" };

/**
 * A case name as entered the OSCOLA way, in Bluebook form: "Corfu Channel (United Kingdom v
 * Albania) (Merits)" → name "Corfu Channel (U.K. v. Alb.)", decision "Judgment". "v" takes a full
 * stop and States their T10 abbreviations; any other closing parenthetical ("(No 2)") stays.
 */
function caseName(title: string): { name: string; decision: string } {
  const decision = DECISION.exec(title);
  const name = decision ? title.slice(0, decision.index) : title;
  return {
    name: abbreviateParties(name).replace(/ v (?!\.)/g, " v. "),
    decision: decision ? (DECISION_NAMES[decision[1]] ?? decision[1]) : "",
  };
}

/**
 * When a decision was given, for the parenthetical: the month and day alone when the reporter
 * already shows the year (the I.C.J. Reports do: "(Apr. 9)"), else the whole date.
 */
function decided(value: string, reported: string): string {
  const when = date(value);
  const year = /, (\d{4})$/.exec(when);
  return year && reported.includes(year[1]) ? when.slice(0, year.index) : when;
}

function judgment(s: CitableSource, pin: string): FootnoteRun[] {
  const { court, year, report, date: given } = s.fields;
  const reported = report ? reporter(report) : "";
  const { name, decision } = caseName(s.title);
  // The parenthetical gives what the reporter does not already show: the court, the date (or year).
  const courtName = court ? body(court) : "";
  const when = given ? decided(given, reported) : year && !reported.includes(year) ? year : "";
  const parenthetical = [courtName && !reported.includes(courtName) ? courtName : "", when].filter(Boolean).join(" ");
  return runs(
    italic(name),
    decision && `, ${decision}`,
    reported && `, ${reported}`,
    pin && `, ${pin}`,
    parenthetical && ` (${parenthetical})`,
  );
}

function scholarship(s: CitableSource, pin: string): FootnoteRun[] {
  const { journal, volume, firstPage, year } = s.fields;
  const { names, editors } = splitEditor(s.fields.author ?? "");
  if (journal) {
    // Article: Author, Title, Volume Journal FirstPage, pinpoint (Year).
    const where = [volume, abbreviateJournal(journal), firstPage].filter(Boolean).join(" ");
    return runs(names && `${authorNames(names)}, `, italic(s.title), `, ${where}`, pin && `, ${pin}`, year && ` (${year})`);
  }
  if (editors) {
    // Edited book: Title pinpoint (Editor ed., Year) [hereinafter Short Title].
    const imprint = [`${authorNames(names)} ${editors}`, year].filter(Boolean).join(", ");
    return runs(italic(s.title), pin && ` ${pin}`, ` (${imprint})`, ...hereinafter(s, italic(s.shortTitle)));
  }
  // Book: Author, Title pinpoint (Year); without an author, a short title needs a "hereinafter".
  return runs(
    names && `${authorNames(names)}, `,
    italic(s.title),
    pin && ` ${pin}`,
    year && ` (${year})`,
    ...(names ? [] : hereinafter(s, italic(s.shortTitle))),
  );
}

function statePosition(s: CitableSource, pin: string): FootnoteRun[] {
  const { state, forum, date: given } = s.fields;
  const occasion = [forum, given && date(given)].filter(Boolean).join(", ");
  return runs(
    state && `${state}, `,
    italic(s.title),
    pin && ` ${pin}`,
    occasion && ` (${occasion})`,
    ...hereinafter(s, { text: s.shortTitle }),
  );
}

function full(source: CitableSource, pinpointAsEntered: string): FootnoteRun[] {
  const pin = pinpoint(pinpointAsEntered);
  switch (source.kind) {
    case "treaty":
      return treaty(source, pin);
    case "un_document":
      return unDocument(source, pin);
    case "judgment":
      return judgment(source, pin);
    case "scholarship":
      return scholarship(source, pin);
    case "state_position":
      return statePosition(source, pin);
    default:
      return runs(source.title, pin && `, ${pin}`, ...hereinafter(source, { text: source.shortTitle }));
  }
}

/** "Name, supra note 3, at 22": the cross-reference form for everything but cases and treaties. */
function supra(name: FootnoteRun, firstNote: number, pin: string): FootnoteRun[] {
  return runs(name, ", ", italic("supra"), ` note ${firstNote}`, pin && `, ${/^\d/.test(pin) ? "at " : ""}${pin}`);
}

export const bluebook: CitationStyle = {
  id: "bluebook",
  label: STYLE_LABELS.bluebook,
  full,
  subsequent(source, pinpointAsEntered, firstNote) {
    const pin = pinpoint(pinpointAsEntered);
    switch (source.kind) {
      case "treaty": {
        // Treaties are never cited "supra": the short name, then the article.
        const where = pin || pinpoint(source.fields.article ?? "");
        return runs(source.shortTitle || source.title, where && ` ${where}`);
      }
      case "judgment": {
        // Short case name, then the reporter without its first page: "Corfu Channel, 1949 I.C.J. at 22".
        const name = italic(caseName(source.shortTitle || source.title).name);
        const reported = source.fields.report ? reporter(source.fields.report) : "";
        if (!reported) return runs(name, pin && `, ${pin}`);
        if (!pin) return runs(name, `, ${reported}`);
        return runs(name, `, ${reported.replace(/\s+\d+$/, "")}`, at(pin));
      }
      case "scholarship":
        return supra(workName(source), firstNote, pin);
      case "state_position":
        return supra({ text: source.shortTitle || source.fields.state || source.title }, firstNote, pin);
      case "un_document":
        // A resolution is known by its number, not its title: "G.A. Res. 70/237, supra note 3, ¶ 5".
        return supra({ text: source.shortTitle || resolution(source.fields.symbol ?? "") || source.title }, firstNote, pin);
      default:
        return supra({ text: source.shortTitle || source.title }, firstNote, pin);
    }
  },
  repeat(_source, pinpointAsEntered) {
    return runs(italic("Id."), at(pinpoint(pinpointAsEntered)));
  },
  // An internet source (Rule 18.2.2): the page's title in italics, the site, the pinpoint, the date.
  // *UN consensus*, Opinio wiki: Due diligence in cyberspace ¶ 4 (version 14, Mar. 3, 2027)
  page({ wikiName, pageTitle, version, date: created, paragraph }) {
    return `*${pageTitle}*, Opinio wiki: ${wikiName}${paragraph ? ` ¶ ${paragraph}` : ""} (version ${version}, ${date(dayMonthYear(created))})`;
  },
};
