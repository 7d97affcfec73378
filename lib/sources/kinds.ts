import { z } from "zod";
import { SOURCE_KINDS, type SourceKind } from "@/db/schema/sources";
import { KIND_FIELDS } from "./kind-fields";

export { KIND_FIELDS, SOURCE_KINDS, type SourceKind };

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
      if (!allowed.has(key))
        ctx.addIssue({
          code: "custom",
          path: ["fields", key],
          message: `A ${KIND_FIELDS[input.kind].label.toLowerCase()} has no field "${key}"`,
        });
    }
  });

export type SourceInput = z.output<typeof sourceInputSchema>;

const squash = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/.]+/gu, " ")
    .trim();

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
