import { z } from "zod";
import { findPageById } from "@/db/queries/pages";
import { endpoint } from "@/lib/api/endpoint";
import { pageView, presentPage, requestOrigin } from "@/lib/api/presenters";
import { createPage } from "@/lib/commands/pages";
import { AppError } from "@/lib/errors";
import { convertDocx } from "@/lib/import/docx";
import { convertMarkdown } from "@/lib/import/markdown";
import { importTitle, readUpload } from "@/lib/import/read-upload";
import { readPageContent } from "@/lib/pages/content";
import { importPageSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";
import { readStrand } from "@/lib/commands/strands";

/**
 * POST /api/v1/wikis/{wikiId}/import (editors): a DOCX or Markdown file becomes a new page, its
 * footnotes citations of new "other" sources. Multipart (`file`, `title`, `parentId`) or the raw
 * file with its content type (`?title=&parentId=`).
 */
export const POST = endpoint(
  {
    method: "POST",
    path: "/wikis/{wikiId}/import",
    operationId: "importPage",
    summary: "A Word (.docx) or Markdown file as a new page (editors)",
    description:
      "Headings, lists, tables and links are kept; each footnote becomes a new source of kind `other` (titled with the note's text) and its reference a citation of it, all in one transaction with the page. Send a multipart form (`file`, `title`, `parentId`; the title defaults to a Markdown file's leading `# H1`, which then leaves the body, else to the file name) or the raw file with its content type and `?title=&parentId=`. Files over `MAX_IMPORT_BYTES` (10 MB) answer 413, documents that unpack to more than 100 MB 413, unreadable files 400; nothing is created then.",
    action: "page.create",
    // Authorize before reading a (possibly large) body.
    access: (userId, { wikiId }, action) => requireWikiAccess(userId, wikiId, action),
    query: z.object({
      title: z.string().optional().describe("The new page's title (raw uploads)"),
      parentId: z.string().optional().describe("Parent page (raw uploads)"),
    }),
    upload: {
      "multipart/form-data": {
        schema: {
          type: "object",
          required: ["file"],
          properties: { file: { type: "string", format: "binary" }, title: { type: "string" }, parentId: { type: "string" } },
        },
      },
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { schema: { type: "string", format: "binary" } },
      "text/markdown": { schema: { type: "string" } },
    },
    response: { status: 201, description: "The new page", schema: pageView },
    errors: [400, 403, 404, 413, 415],
  },
  async ({ request, actor, access: { wiki } }) => {
    const upload = await readUpload(request);
    let imported;
    if (upload.kind === "docx") imported = await convertDocx(upload.bytes);
    else {
      const text = new TextDecoder("utf-8", { fatal: false }).decode(upload.bytes);
      if (text.includes("\u0000")) throw new AppError("bad_request", "This file is not a Markdown text file");
      imported = convertMarkdown(text);
    }
    const parsed = importPageSchema.safeParse({ title: importTitle(upload, imported), parentId: upload.fields.parentId });
    if (!parsed.success)
      throw new AppError(
        "bad_request",
        `${parsed.error.issues[0]?.path.join(".") || "title"}: ${parsed.error.issues[0]?.message ?? "invalid"}`,
      );
    const created = await createPage({ wikiId: wiki.id, title: parsed.data.title, parentId: parsed.data.parentId, imported }, actor);
    const page = (await findPageById(created.id)) ?? created;
    return presentPage(page, wiki, await readPageContent(page.id), requestOrigin(request), await readStrand(page.id));
  },
);
