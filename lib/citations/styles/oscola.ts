import type { CitableSource, FootnoteRun } from "../footnotes";
import { dayMonthYear, italic, runs, text } from "./runs";
import type { CitationStyle } from "./types";
import { STYLE_LABELS } from "./labels";

/**
 * OSCOLA (Oxford University Standard for the Citation of Legal Authorities, 4th edn): no full
 * stops in abbreviations, case names in italics, pinpoints after a comma, "ibid" for the source
 * just cited, and a short form with a cross-reference "(n 3)" for one cited earlier.
 */

const pin = (pinpoint: string) => (pinpoint ? `, ${pinpoint}` : "");

function treaty(s: CitableSource, pinpoint: string): FootnoteRun[] {
  const { adopted, inForce, series, article } = s.fields;
  const dates = [adopted && `adopted ${adopted}`, inForce && `entered into force ${inForce}`].filter(Boolean).join(", ");
  return runs(s.title, dates && ` (${dates})`, series && ` ${series}`, pin(pinpoint || article || ""));
}

function unDocument(s: CitableSource, pinpoint: string): FootnoteRun[] {
  const { body, symbol, date } = s.fields;
  return runs(body && `${body} `, `'${s.title}'`, date && ` (${date})`, symbol && ` UN Doc ${symbol}`, pin(pinpoint));
}

function judgment(s: CitableSource, pinpoint: string): FootnoteRun[] {
  const { court, year, report } = s.fields;
  const where = report ? ` ${report}` : court || year ? ` (${[court, year].filter(Boolean).join(" ")})` : "";
  return runs(italic(s.title), where, pin(pinpoint));
}

function scholarship(s: CitableSource, pinpoint: string): FootnoteRun[] {
  const { author, journal, volume, firstPage, publisher, year } = s.fields;
  if (journal) {
    // Journal article: Author, 'Title' (Year) Volume Journal FirstPage, pinpoint.
    return runs(
      author && `${author}, `,
      `'${s.title}'`,
      year && ` (${year})`,
      " ",
      [volume, journal, firstPage].filter(Boolean).join(" "),
      pin(pinpoint),
    );
  }
  // Book: Author, Title (Publisher Year) pinpoint (OSCOLA puts a book's pinpoint after a space).
  const imprint = [publisher, year].filter(Boolean).join(" ");
  return runs(author && `${author}, `, italic(s.title), imprint && ` (${imprint})`, pinpoint && ` ${pinpoint}`);
}

function statePosition(s: CitableSource, pinpoint: string): FootnoteRun[] {
  const { state, forum, date } = s.fields;
  const when = [forum, date].filter(Boolean).join(", ");
  return runs(state && `${state}, `, `'${s.title}'`, when && ` (${when})`, pin(pinpoint));
}

function full(source: CitableSource, pinpoint: string): FootnoteRun[] {
  switch (source.kind) {
    case "treaty":
      return treaty(source, pinpoint);
    case "un_document":
      return unDocument(source, pinpoint);
    case "judgment":
      return judgment(source, pinpoint);
    case "scholarship":
      return scholarship(source, pinpoint);
    case "state_position":
      return statePosition(source, pinpoint);
    default:
      return runs(source.title, pin(pinpoint));
  }
}

/** The name a later footnote uses: the short title, else the author's surname (scholarship), else the title. */
function shortName(source: CitableSource): FootnoteRun {
  const name =
    source.shortTitle || (source.kind === "scholarship" && source.fields.author ? source.fields.author.split(/\s+/).at(-1)! : source.title);
  return source.kind === "judgment" ||
    (source.kind === "scholarship" && !source.fields.journal && !source.shortTitle && !source.fields.author)
    ? italic(name)
    : text(name);
}

export const oscola: CitationStyle = {
  id: "oscola",
  label: STYLE_LABELS.oscola,
  full,
  subsequent(source, pinpoint, firstNote) {
    // Treaties are cited by their short title alone; everything else cross-refers to its first note.
    if (source.kind === "treaty") return runs(shortName(source), pin(pinpoint || source.fields.article || ""));
    return runs(shortName(source), ` (n ${firstNote})`, pinpoint && ` ${pinpoint}`);
  },
  repeat(_source, pinpoint) {
    return runs("ibid", pinpoint && ` ${pinpoint}`);
  },
  // Opinio wiki *Due diligence in cyberspace*, 'UN consensus' (version 14, 3 March 2027), para 4
  page({ wikiName, pageTitle, version, date, paragraph }) {
    return `Opinio wiki *${wikiName}*, '${pageTitle}' (version ${version}, ${dayMonthYear(date)})${paragraph ? `, para ${paragraph}` : ""}`;
  },
};
