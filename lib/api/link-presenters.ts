import { z } from "zod";

/** Response shapes for wiki links and citations (documented in the OpenAPI document). */

export const backlinkView = z.object({
  pageId: z.string(),
  title: z.string().describe("The linking page's current title"),
  url: z.string().describe("Path of the linking page, at the paragraph holding the link"),
  blockId: z.string().nullable(),
  context: z.string().describe("The sentence around the link, as plain text"),
});

export const backlinksView = z.object({ backlinks: z.array(backlinkView) });

export const citationView = z.object({
  version: z
    .number()
    .int()
    .describe("The version the citation points at (recorded now if the page had changed and the caller may save versions)"),
  createdAt: z.string().describe("ISO 8601 time of that version"),
  permalink: z.string().describe("Path of the version view, with `#block-<id>` for a paragraph"),
  paragraph: z.number().int().nullable().describe("Paragraph number of the cited block in that version"),
  citation: z.string().describe("e.g. Opinio wiki *Due diligence in cyberspace*, 'UN consensus' (version 14, 3 March 2027), para 4"),
});
