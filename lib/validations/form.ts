import type { ZodType } from "zod";
import { containsNul, NUL_MESSAGE } from "./nul";

export type FormState = { error?: string; success?: string; values?: Record<string, string> } | undefined;

/**
 * Parses FormData with a zod schema; the first problem becomes a message for the form. A form
 * sends every field, so an optional choice left blank (a select's "(top level)") arrives as "":
 * the fields named in `blankIsAbsent` are then left out, as an API client would leave them out.
 */
export function parseForm<T>(
  schema: ZodType<T>,
  formData: FormData,
  options: { blankIsAbsent?: string[] } = {},
): { ok: true; data: T } | { ok: false; error: string } {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    if (value === "" && options.blankIsAbsent?.includes(key)) continue;
    raw[key] = value;
  }
  if (containsNul(raw)) return { ok: false, error: NUL_MESSAGE };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
}
