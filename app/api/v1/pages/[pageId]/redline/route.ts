import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { recordAuditBestEffort } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { citationTextFor } from "@/lib/history/citation-text";
import { labelOf, parseVersionRef } from "@/lib/history/compare";
import { creditedPageRedline } from "@/lib/history/redline-authorship";
import { renderRedlineDocx } from "@/lib/history/redline-docx";
import { renderRedlineDocument } from "@/lib/history/redline-html";
import { versionRangeQuery } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/**
 * GET /api/v1/pages/{pageId}/redline?from=&to=&format=html|docx: a standalone HTML redline, or a
 * Word document whose changes are real tracked changes, to download. Either way each change is
 * credited to the version that made it (Word's author and date; a tooltip in the HTML).
 */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/redline",
    operationId: "downloadRedline",
    summary: "A standalone HTML redline between two versions (a download)",
    action: "page.read-history",
    access: (userId, { pageId }, action) => requirePageAccess(userId, pageId, action),
    query: versionRangeQuery.extend({
      format: z
        .string()
        .optional()
        .describe("`html` (the default) or `docx` (a Word document with tracked changes, authored and dated from the history)"),
    }),
    response: {
      status: 200,
      description:
        "An HTML document, or with format=docx a Word document (application/vnd.openxmlformats-officedocument.wordprocessingml.document)",
      schema: z.string(),
      contentType: "text/html",
    },
    errors: [400, 404],
  },
  async ({ actor, access: { page, wiki }, query }) => {
    const format = query.format ?? "html";
    if (format !== "html" && format !== "docx")
      throw new AppError("bad_request", `Redline format "${format}" is not available; use format=html or format=docx`);
    const from = parseVersionRef(query.from);
    const to = parseVersionRef(query.to, "current");
    const redline = await creditedPageRedline(page.id, from, to);
    const labels = { title: page.title, fromLabel: labelOf(from), toLabel: labelOf(to) };
    const citationText = await citationTextFor(wiki);
    const filename = `${page.slug}-redline-${from}-to-${to}.${format}`;
    await recordAuditBestEffort({
      action: AUDIT_ACTIONS.export,
      by: actor,
      wikiId: page.wikiId,
      target: { type: "page", id: page.id },
      details: { what: "redline", format, title: page.title, from: String(from), to: String(to) },
    });
    if (format === "docx") {
      const docx = await renderRedlineDocx(redline, { ...labels, citationText });
      return new Response(new Uint8Array(docx), {
        headers: {
          "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "content-disposition": `attachment; filename="${filename}"`,
        },
      });
    }
    return new Response(renderRedlineDocument(redline.diff, labels, { credits: redline.blocks, citationText }), {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        // The document is user content: it must not run scripts even if opened from our origin.
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      },
    });
  },
);
