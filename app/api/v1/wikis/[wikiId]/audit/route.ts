import { listAuditEvents, type AuditFilter } from "@/db/queries/audit";
import { AUDIT_CSV_HEADER, auditEventCsvRow, auditPageView, presentAuditEvent } from "@/lib/api/audit-presenters";
import { endpoint } from "@/lib/api/endpoint";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { AUDIT_PAGE_SIZE, auditQuerySchema, toAuditFilter } from "@/lib/audit/filters";
import { recordAuditBestEffort } from "@/lib/audit/record";
import { requireWikiAccess } from "@/lib/wikis/access";

/** Rows read per query while streaming a CSV, so a long log never sits in memory whole. */
const CSV_BATCH = 500;

/**
 * GET /api/v1/wikis/{wikiId}/audit (owners): who did what and when, newest first, filtered by
 * person, action or kind of action, and time; `format=csv` downloads every matching event.
 */
export const GET = endpoint(
  {
    method: "GET",
    path: "/wikis/{wikiId}/audit",
    operationId: "listAuditEvents",
    summary: "The wiki's audit log: who did what and when, newest first (owners only)",
    description:
      "Sign-ins, membership and role changes, invitations, page creation, renames, moves, deletion and restores, saved and restored versions, API tokens and exports. Account-level events (sign-ins, tokens) appear for people who are members now, from when they joined. With `format=csv` the answer is a `text/csv` download of every matching event (cells that a spreadsheet would run as a formula start with `'`). Entries cannot be changed or deleted.",
    action: "wiki.read-audit",
    access: (userId, { wikiId }, action) => requireWikiAccess(userId, wikiId, action),
    query: auditQuerySchema,
    response: { status: 200, description: "A page of events", schema: auditPageView },
    errors: [400, 403, 404],
  },
  async ({ actor, access: { wiki }, query }) => {
    const filter = toAuditFilter(query);

    if (query.format === "csv") {
      await recordAuditBestEffort({
        action: AUDIT_ACTIONS.export,
        by: actor,
        wikiId: wiki.id,
        target: { type: "wiki", id: wiki.id },
        details: { what: "audit-log", format: "csv" },
      });
      const filename = `${wiki.slug}-audit-log-${new Date().toISOString().slice(0, 10)}.csv`;
      return new Response(csvStream(wiki.id, filter), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${filename}"`,
          "cache-control": "no-store",
        },
      });
    }

    const limit = query.limit ?? AUDIT_PAGE_SIZE;
    const rows = await listAuditEvents(wiki.id, filter, limit + 1);
    const page = rows.slice(0, limit);
    return { events: page.map(presentAuditEvent), nextBefore: rows.length > limit ? page.at(-1)!.id : null };
  },
);

/** The header, then every matching event newest first, read in batches by id cursor. */
function csvStream(wikiId: string, filter: AuditFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let beforeId = filter.beforeId;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(AUDIT_CSV_HEADER));
        return;
      }
      const rows = await listAuditEvents(wikiId, { ...filter, beforeId }, CSV_BATCH);
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map(auditEventCsvRow).join("")));
        beforeId = rows.at(-1)!.id;
      }
      if (rows.length < CSV_BATCH) controller.close();
    },
  });
}
