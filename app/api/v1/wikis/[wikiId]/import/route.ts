import { NextResponse } from "next/server";
import { findPageById } from "@/db/queries/pages";
import { apiRoute } from "@/lib/api/handler";
import { presentPage, requestOrigin } from "@/lib/api/presenters";
import { createPage } from "@/lib/commands/pages";
import { AppError } from "@/lib/errors";
import { convertDocx } from "@/lib/import/docx";
import { convertMarkdown } from "@/lib/import/markdown";
import { importTitle, readUpload } from "@/lib/import/read-upload";
import { readPageContent } from "@/lib/pages/content";
import { importPageSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";
import { readStrand } from "@/lib/commands/strands";

type Params = { wikiId: string };

/**
 * POST /api/v1/wikis/{wikiId}/import (editors): a DOCX or Markdown file becomes a new page, its
 * footnotes citations of new "other" sources. Multipart (`file`, `title`, `parentId`) or the raw
 * file with its content type (`?title=&parentId=`).
 */
export const POST = apiRoute<Params>(async ({ request, user, actor, params }) => {
  // Authorize before reading a (possibly large) body.
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "page.create");
  const upload = await readUpload(request);
  let imported;
  if (upload.kind === "docx") imported = await convertDocx(upload.bytes);
  else {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(upload.bytes);
    if (text.includes("\u0000")) throw new AppError("bad_request", "This file is not a Markdown text file");
    imported = convertMarkdown(text);
  }
  const parsed = importPageSchema.safeParse({ title: importTitle(upload, imported), parentId: upload.fields.parentId });
  if (!parsed.success) throw new AppError("bad_request", `${parsed.error.issues[0]?.path.join(".") || "title"}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const created = createPage({ wikiId: wiki.id, title: parsed.data.title, parentId: parsed.data.parentId, imported }, actor);
  const page = findPageById(created.id) ?? created;
  return NextResponse.json(presentPage(page, wiki, readPageContent(page.id), requestOrigin(request), readStrand(page.id)), { status: 201 });
});
