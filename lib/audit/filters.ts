import { z } from "zod";
import type { AuditFilter } from "@/db/queries/audit";

const DAY_MS = 24 * 60 * 60 * 1000;
export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_MAX_PAGE_SIZE = 200;

// A GET form sends every field, the empty ones as "": those mean "no filter".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/**
 * A day (YYYY-MM-DD, a whole day in UTC, the time zone the log is shown in) or an exact ISO 8601
 * time with its offset. `end` makes a day count up to its last moment, so from=to=a day is that day.
 */
function when(end: boolean) {
  return z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "Expected a date (YYYY-MM-DD) or an ISO 8601 time" })
    .transform((value) => {
      if (value.length > 10) return new Date(value);
      const day = new Date(`${value}T00:00:00Z`);
      return end ? new Date(day.getTime() + DAY_MS) : day;
    });
}

/**
 * The audit log's query: the same names on the audit page, in its CSV link and in the REST API,
 * so a filtered page's address carries over to its download.
 */
export const auditQuerySchema = z.object({
  person: optional(z.string().max(64)).describe("Only what this user id did"),
  action: optional(
    z
      .string()
      .max(64)
      .regex(/^[a-z-]+(\.[a-z-]+)?$/, "Expected an action such as page.renamed, or a kind of action such as page"),
  ).describe("An action (`page.renamed`) or a kind of action (`page`, `member`, `auth`, …)"),
  from: optional(when(false)).describe("From this day (YYYY-MM-DD, UTC) or time (ISO 8601)"),
  to: optional(when(true)).describe("Up to and including this day (YYYY-MM-DD, UTC), or up to this time (ISO 8601)"),
  before: optional(z.coerce.number().int().positive()).describe("Only events with a smaller id (the `nextBefore` of the previous answer)"),
  limit: optional(z.coerce.number().int().min(1).max(AUDIT_MAX_PAGE_SIZE)).describe(
    `At most this many events (default ${AUDIT_PAGE_SIZE}, at most ${AUDIT_MAX_PAGE_SIZE})`,
  ),
  format: optional(z.enum(["json", "csv"])).describe("`csv` for a download of every matching event"),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export function toAuditFilter(query: AuditQuery): AuditFilter {
  return { actorId: query.person, action: query.action, from: query.from, to: query.to, beforeId: query.before };
}

/** Parses query parameters (URLSearchParams or a page's searchParams); the first problem as a message. */
export function parseAuditQuery(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): { ok: true; query: AuditQuery } | { ok: false; error: string } {
  const entries =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  const parsed = auditQuerySchema.safeParse(Object.fromEntries(entries));
  if (parsed.success) return { ok: true, query: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.join(".") ? `${issue.path.join(".")}: ` : ""}${issue?.message ?? "Invalid filter"}` };
}
