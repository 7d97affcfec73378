import { endpoint, FILE_DOWNLOAD } from "@/lib/api/endpoint";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { recordAuditBestEffort } from "@/lib/audit/record";
import { wikiExportBundle } from "@/lib/export/bundle";
import { parseSuggestionsOption, prepareDocxExport } from "@/lib/export/docx-suggestions";
import { exportResponse, parseExportFormat } from "@/lib/export/render";
import { exportQuery } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

/** GET /api/v1/wikis/{wikiId}/export?format=…: every live page in tree order, one chapter each. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/wikis/{wikiId}/export",
    operationId: "exportWiki",
    summary: "Every live page of the wiki in tree order, one chapter each, as DOCX, PDF, Markdown or HTML",
    description:
      "Any member may export; pages in the trash are left out. Every format reads the accepted text; a DOCX with suggestions=tracked carries the pending suggestions as Word tracked changes instead. Recorded in the audit log.",
    action: "page.read",
    access: (userId, { wikiId }, action) => requireWikiAccess(userId, wikiId, action),
    query: exportQuery,
    response: FILE_DOWNLOAD,
    errors: [400, 404],
  },
  async ({ actor, access: { wiki }, query }) => {
    const format = parseExportFormat(query.format);
    const suggestions = parseSuggestionsOption(query.suggestions, format);
    let bundle = await wikiExportBundle(wiki);
    let docxOptions;
    if (format === "docx") ({ bundle, options: docxOptions } = await prepareDocxExport(bundle, wiki, suggestions));
    const response = await exportResponse(bundle, format, docxOptions);
    await recordAuditBestEffort({
      action: AUDIT_ACTIONS.export,
      by: actor,
      wikiId: wiki.id,
      target: { type: "wiki", id: wiki.id },
      details: {
        what: "wiki",
        format,
        title: wiki.name,
        pages: String(bundle.chapters.length),
        ...(suggestions === "tracked" ? { suggestions } : {}),
      },
    });
    return response;
  },
);
