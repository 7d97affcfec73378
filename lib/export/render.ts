import { AppError } from "@/lib/errors";
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, type ExportBundle, type ExportFormat } from "./bundle";
import { renderDocx, type DocxOptions } from "./docx";
import { EXPORT_HTML_CSP, renderHtmlExport } from "./html";
import { renderMarkdown } from "./markdown";
import { renderPdf } from "./pdf";

export function parseExportFormat(raw: string | null): ExportFormat {
  if (raw && (EXPORT_FORMATS as readonly string[]).includes(raw)) return raw as ExportFormat;
  throw new AppError("bad_request", `Say which format to export: format=${EXPORT_FORMATS.join("|")}${raw ? ` ("${raw}" is not one)` : ""}`);
}

/** The download of a bundle in one format, with its content type and filename. */
export async function exportResponse(bundle: ExportBundle, format: ExportFormat, docxOptions: DocxOptions = {}): Promise<Response> {
  const body = await renderExport(bundle, format, docxOptions);
  const filename = `${bundle.filenameBase || "export"}.${format}`;
  const headers: Record<string, string> = {
    "content-type": EXPORT_CONTENT_TYPES[format],
    "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
    "x-content-type-options": "nosniff",
  };
  // Exported HTML is user content: it must not run scripts even if opened from our origin.
  if (format === "html") headers["content-security-policy"] = EXPORT_HTML_CSP;
  return new Response(new Uint8Array(typeof body === "string" ? Buffer.from(body) : body), { headers });
}

async function renderExport(bundle: ExportBundle, format: ExportFormat, docxOptions: DocxOptions): Promise<Buffer | string> {
  switch (format) {
    case "docx":
      return renderDocx(bundle, docxOptions);
    case "pdf":
      return renderPdf(bundle);
    case "md":
      return renderMarkdown(bundle);
    case "html":
      return renderHtmlExport(bundle);
  }
}
