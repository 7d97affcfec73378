import type { SourceKind } from "@/db/schema/sources";

// Browser-safe (no runtime imports): the source form and the citation dialog use it too.

/** One input of a kind's form: the key in `fields`, its label, and an example. */
export type FieldSpec = { key: string; label: string; example?: string };

/**
 * What each kind of authority records besides its title (the treaty's name, the document's
 * title, the case name, the work's title…). Formatting (lib/citations/styles) reads these keys.
 */
export const KIND_FIELDS: Record<SourceKind, { label: string; titleLabel: string; fields: FieldSpec[] }> = {
  treaty: {
    label: "Treaty",
    titleLabel: "Name",
    fields: [
      { key: "adopted", label: "Adopted", example: "26 June 1945" },
      { key: "inForce", label: "Entered into force", example: "24 October 1945" },
      { key: "series", label: "Treaty series", example: "1 UNTS XVI" },
      { key: "article", label: "Article (default pinpoint)", example: "art 2(4)" },
    ],
  },
  un_document: {
    label: "UN document",
    titleLabel: "Title",
    fields: [
      { key: "body", label: "Body", example: "UNGA" },
      { key: "symbol", label: "Symbol", example: "A/70/174" },
      { key: "date", label: "Date", example: "22 July 2015" },
    ],
  },
  judgment: {
    label: "Judgment or advisory opinion",
    titleLabel: "Case name",
    fields: [
      { key: "court", label: "Court", example: "ICJ" },
      { key: "year", label: "Year", example: "1949" },
      { key: "report", label: "Report citation", example: "[1949] ICJ Rep 4" },
      // The Bluebook gives an international decision's exact date ("(Apr. 9)"); OSCOLA needs only the year.
      { key: "date", label: "Date of decision", example: "9 April 1949" },
    ],
  },
  scholarship: {
    label: "Scholarship",
    titleLabel: "Title",
    fields: [
      { key: "author", label: "Author(s)", example: "Michael N Schmitt" },
      { key: "journal", label: "Journal (articles)", example: "Yale Journal of International Law" },
      { key: "volume", label: "Volume", example: "42" },
      { key: "firstPage", label: "First page", example: "1" },
      { key: "publisher", label: "Publisher (books)", example: "Cambridge University Press" },
      { key: "year", label: "Year", example: "2017" },
    ],
  },
  state_position: {
    label: "State position",
    titleLabel: "Title",
    fields: [
      { key: "state", label: "State", example: "Netherlands" },
      { key: "forum", label: "Forum or addressee", example: "Letter to the House of Representatives" },
      { key: "date", label: "Date", example: "5 July 2019" },
    ],
  },
  other: { label: "Other", titleLabel: "Citation as it should read", fields: [] },
};

/** The kinds in the order forms offer them. */
export const KIND_ORDER = Object.keys(KIND_FIELDS) as SourceKind[];
