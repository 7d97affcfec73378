import { apiRoute } from "@/lib/api/handler";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { recordAuditBestEffort } from "@/lib/audit/record";
import { pageExportBundle } from "@/lib/export/bundle";
import { exportResponse, parseExportFormat } from "@/lib/export/render";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/** GET /api/v1/pages/{pageId}/export?format=docx|pdf|md|html: the page as a document to download. */
export const GET = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const { page, wiki } = requirePageAccess(user.id, params.pageId, "page.read");
  const format = parseExportFormat(new URL(request.url).searchParams.get("format"));
  const response = await exportResponse(pageExportBundle(page, wiki), format);
  recordAuditBestEffort({ action: AUDIT_ACTIONS.export, by: actor, wikiId: wiki.id, target: { type: "page", id: page.id }, details: { what: "page", format, title: page.title } });
  return response;
});
