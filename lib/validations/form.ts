import type { ZodType } from "zod";

export type FormState = { error?: string; success?: string; values?: Record<string, string> } | undefined;

/** Parses FormData with a zod schema; the first problem becomes a message for the form. */
export function parseForm<T>(schema: ZodType<T>, formData: FormData): { ok: true; data: T } | { ok: false; error: string } {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string") raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
}
