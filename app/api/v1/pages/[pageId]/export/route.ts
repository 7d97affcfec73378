import { endpoint, FILE_DOWNLOAD } from "@/lib/api/endpoint";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { recordAuditBestEffort } from "@/lib/audit/record";
import { pageExportBundle } from "@/lib/export/bundle";
import { parseSuggestionsOption, prepareDocxExport } from "@/lib/export/docx-suggestions";
import { exportResponse, parseExportFormat } from "@/lib/export/render";
import { exportQuery } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}/export?format=docx|pdf|md|html[&suggestions=tracked]: the page as a document to download. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/export",
    operationId: "exportPage",
    summary: "The page as a document to download: DOCX (Word footnotes), PDF, Markdown (footnotes as [^n]) or standalone HTML",
    description:
      "Any member may export. The page is a chapter: its title is the level-1 heading and its own headings move one level down. Every format reads the accepted text; a DOCX with suggestions=tracked carries the pending suggestions as Word tracked changes instead. Recorded in the audit log.",
    action: "page.read",
    access: (userId, { pageId }, action) => requirePageAccess(userId, pageId, action),
    query: exportQuery,
    response: FILE_DOWNLOAD,
    errors: [400, 404],
  },
  async ({ actor, access: { page, wiki }, query }) => {
    const format = parseExportFormat(query.format);
    const suggestions = parseSuggestionsOption(query.suggestions, format);
    let bundle = await pageExportBundle(page, wiki);
    let docxOptions;
    if (format === "docx") ({ bundle, options: docxOptions } = await prepareDocxExport(bundle, wiki, suggestions));
    const response = await exportResponse(bundle, format, docxOptions);
    await recordAuditBestEffort({
      action: AUDIT_ACTIONS.export,
      by: actor,
      wikiId: wiki.id,
      target: { type: "page", id: page.id },
      details: { what: "page", format, title: page.title, ...(suggestions === "tracked" ? { suggestions } : {}) },
    });
    return response;
  },
);
