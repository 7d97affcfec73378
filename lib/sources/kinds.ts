import { z } from "zod";
import { SOURCE_KINDS, type SourceKind } from "@/db/schema/sources";

export { SOURCE_KINDS, type SourceKind };

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

const fieldValue = z.string().trim().max(500);

/** A source as entered: validated per kind (unknown field keys are refused, not silently dropped). */
export const sourceInputSchema = z
  .object({
    kind: z.enum(SOURCE_KINDS),
    title: z.string().trim().min(1, "Give the source a title").max(1000),
    shortTitle: z.string().trim().max(200).default(""),
    fields: z.record(z.string(), fieldValue).default({}),
    url: z
      .string()
      .trim()
      .max(2000)
      .refine((url) => url === "" || /^https?:\/\//i.test(url), "The URL must start with http:// or https://")
      .default(""),
    notes: z.string().trim().max(10_000).default(""),
  })
  .superRefine((input, ctx) => {
    const allowed = new Set(KIND_FIELDS[input.kind].fields.map((f) => f.key));
    for (const key of Object.keys(input.fields)) {
      if (!allowed.has(key)) ctx.addIssue({ code: "custom", path: ["fields", key], message: `A ${KIND_FIELDS[input.kind].label.toLowerCase()} has no field "${key}"` });
    }
  });

export type SourceInput = z.output<typeof sourceInputSchema>;

const squash = (text: string) => text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}/.]+/gu, " ").trim();

/**
 * What makes two entries the same authority, to flag duplicates on entry: the UN symbol, the
 * court and case name, the treaty name, the author and title. Null when nothing identifies it.
 */
export function dedupeKeyFor(input: Pick<SourceInput, "kind" | "title" | "fields">): string | null {
  const f = input.fields;
  switch (input.kind) {
    case "un_document":
      return f.symbol ? `un:${squash(f.symbol).replace(/\s+/g, "")}` : `un-title:${squash(input.title)}`;
    case "judgment":
      return `case:${squash(f.court ?? "")}:${squash(input.title)}`;
    case "treaty":
      return `treaty:${squash(input.title)}`;
    case "scholarship":
      return `work:${squash(f.author ?? "")}:${squash(input.title)}`;
    case "state_position":
      return `state:${squash(f.state ?? "")}:${squash(input.title)}:${squash(f.date ?? "")}`;
    default:
      return null;
  }
}
