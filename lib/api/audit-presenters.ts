import { z } from "zod";
import type { AuditEvent } from "@/db/schema";
import { csvRow } from "@/lib/audit/csv";
import { describeAuditEvent, parseAuditDetails } from "@/lib/audit/describe";

/** An audit log entry as the REST API answers it (and the OpenAPI document describes it). */
export const auditEventView = z.object({
  id: z.number().int().describe("Increasing with time; pass the last one as `before` for older entries"),
  at: z.string().describe("ISO 8601 date and time (UTC)"),
  wikiId: z.string().nullable().describe("null for account-level events (sign-ins, API tokens)"),
  actor: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable().describe("Who did it; the name as it was then"),
  action: z.string().describe("e.g. `page.renamed`, `member.role-changed`, `auth.signed-in`, `export`"),
  label: z.string().describe("The action in plain words"),
  target: z.object({ type: z.string(), id: z.string(), label: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()).describe("What changed (old and new title, role, version number, …)"),
  description: z.string().describe("The details in plain words"),
  ip: z.string().nullable().describe("The address the request came from, when known (behind a proxy: the proxy's)"),
});

export const auditPageView = z.object({
  events: z.array(auditEventView).describe("Newest first"),
  nextBefore: z.number().int().nullable().describe("Pass as `before` to get the next, older events; null when there are none"),
});

export type AuditEventView = z.infer<typeof auditEventView>;

export function presentAuditEvent(event: AuditEvent): AuditEventView {
  const described = describeAuditEvent(event);
  return {
    id: event.id,
    at: event.at.toISOString(),
    wikiId: event.wikiId,
    actor: event.actorId || event.actorName ? { id: event.actorId, name: event.actorName } : null,
    action: event.action,
    label: described.label,
    target: event.targetType && event.targetId ? { type: event.targetType, id: event.targetId, label: described.target } : null,
    details: parseAuditDetails(event.details),
    description: described.details,
    ip: event.ip,
  };
}

export const AUDIT_CSV_HEADER = csvRow([
  "id",
  "time_utc",
  "actor_id",
  "actor_name",
  "action",
  "label",
  "target_type",
  "target_id",
  "target",
  "details",
  "details_json",
  "ip",
]);

export function auditEventCsvRow(event: AuditEvent): string {
  const described = describeAuditEvent(event);
  return csvRow([
    event.id,
    event.at.toISOString(),
    event.actorId,
    event.actorName,
    event.action,
    described.label,
    event.targetType,
    event.targetId,
    described.target,
    described.details,
    event.details,
    event.ip,
  ]);
}
