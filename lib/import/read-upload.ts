import { AppError } from "@/lib/errors";
import { config } from "@/lib/env";
import { titleSchema } from "@/lib/validations/schemas";
import type { ImportedDocument } from "./html-to-doc";

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const MARKDOWN_TYPES = ["text/markdown", "text/x-markdown"];

/** An uploaded file, whatever way it came: its kind, bytes and the name it had, if any. */
export type Upload = { kind: "docx" | "markdown"; bytes: Buffer; filename: string | null; fields: Record<string, string> };

/** Reads the body, refusing (413) as soon as it passes `limit`: a lying or missing length cannot make us buffer more. */
async function readLimited(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (limit: number) =>
  new AppError("payload_too_large", `The file is too large: imports are at most ${Math.floor(limit / 1024 / 1024)} MB`);

function kindOf(type: string, filename: string | null): Upload["kind"] | null {
  const lower = type.toLowerCase().split(";")[0].trim();
  if (lower === DOCX_TYPE) return "docx";
  if (MARKDOWN_TYPES.includes(lower)) return "markdown";
  // Browsers send .md files as application/octet-stream or an empty type: trust the extension then.
  if (filename && /\.docx$/i.test(filename)) return "docx";
  if (filename && /\.(md|markdown)$/i.test(filename)) return "markdown";
  return null;
}

const unsupported = () => new AppError("unsupported_media_type", "Import a Word document (.docx) or a Markdown file (.md)");

/**
 * An import's file: a multipart form (field `file`, plus `title` and `parentId`) as the browser
 * sends it, or the raw file as the body with its content type (fields in the query string).
 * A text/plain body is refused, as everywhere: a cross-site form can send it without a preflight.
 */
export async function readUpload(request: Request): Promise<Upload> {
  const type = request.headers.get("content-type") ?? "";
  // Multipart framing adds a little; the file inside is checked against the limit again below.
  const limit = config.maxImportBytes;
  if (/^multipart\/form-data\b/i.test(type)) {
    const body = await readLimited(request, limit + 64 * 1024);
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
    } catch {
      throw new AppError("bad_request", "The upload could not be read as a form");
    }
    const file = form.get("file");
    if (!file || typeof file === "string") throw new AppError("bad_request", "file: choose a file to import");
    if (file.size > limit) throw tooLarge(limit);
    const kind = kindOf(file.type, file.name);
    if (!kind) throw unsupported();
    const fields: Record<string, string> = {};
    for (const key of ["title", "parentId"]) {
      const value = form.get(key);
      if (typeof value === "string" && value !== "") fields[key] = value;
    }
    return { kind, bytes: Buffer.from(await file.arrayBuffer()), filename: file.name || null, fields };
  }
  const kind = kindOf(type, null);
  if (!kind) throw unsupported();
  const fields: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (key === "title" || key === "parentId") fields[key] = value;
  return { kind, bytes: await readLimited(request, limit), filename: null, fields };
}

/**
 * The new page's title: the one given, else the one the file gives itself (a Markdown file's
 * leading `# H1`, if it fits a title), else the file's name. Undefined when there is none.
 */
export function importTitle(upload: Pick<Upload, "fields" | "filename">, imported: Pick<ImportedDocument, "title">): string | undefined {
  const ownTitle = imported.title && titleSchema.safeParse(imported.title).success ? imported.title : undefined;
  return upload.fields.title ?? ownTitle ?? upload.filename?.replace(/\.(docx|md|markdown)$/i, "").trim();
}
