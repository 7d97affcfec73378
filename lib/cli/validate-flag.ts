import type { ZodType } from "zod";
import { badRequest } from "@/lib/errors";

/**
 * Parses one input with a shared zod schema; the first problem becomes the error message,
 * prefixed with the flag it came from (none for the password, which is not a flag).
 */
export function parseFlag<T>(schema: ZodType<T>, value: unknown, flag?: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "invalid value";
  throw badRequest(flag ? `${flag}: ${message}` : message);
}
