import mammoth from "mammoth";
import { AppError } from "@/lib/errors";
import { htmlTreeToDocument, type ImportedDocument } from "./html-to-doc";
import { parseHtml } from "./html-tree";
import { assertSafeZip } from "./zip-guard";

/**
 * DOCX → mammoth's semantic HTML → our ProseMirror JSON. Mammoth maps Word styles to headings,
 * lists, tables and footnotes; walking its (known, escaped) HTML with a small parser keeps the
 * server DOM-free. Its Markdown output would lose tables and footnotes, and its document model is
 * not a public API.
 */
export async function convertDocx(bytes: Buffer): Promise<ImportedDocument> {
  assertSafeZip(bytes);
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: bytes }, { ignoreEmptyParagraphs: true }));
  } catch {
    throw new AppError("bad_request", "This file is not a Word document (.docx) that could be read");
  }
  return htmlTreeToDocument(parseHtml(html));
}
