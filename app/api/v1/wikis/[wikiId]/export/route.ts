import { apiRoute } from "@/lib/api/handler";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { recordAuditBestEffort } from "@/lib/audit/record";
import { wikiExportBundle } from "@/lib/export/bundle";
import { exportResponse, parseExportFormat } from "@/lib/export/render";
import { requireWikiAccess } from "@/lib/wikis/access";

type Params = { wikiId: string };

/** GET /api/v1/wikis/{wikiId}/export?format=…: every live page in tree order, one chapter each. */
export const GET = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "page.read");
  const format = parseExportFormat(new URL(request.url).searchParams.get("format"));
  const bundle = wikiExportBundle(wiki);
  const response = await exportResponse(bundle, format);
  recordAuditBestEffort({
    action: AUDIT_ACTIONS.export,
    by: actor,
    wikiId: wiki.id,
    target: { type: "wiki", id: wiki.id },
    details: { what: "wiki", format, title: wiki.name, pages: String(bundle.chapters.length) },
  });
  return response;
});
