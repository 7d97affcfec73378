import type { JSONContent } from "@tiptap/core";
import { findPageContent } from "@/db/queries/page-content";
import { findPageById } from "@/db/queries/pages";
import { replacePageCitations } from "@/db/queries/sources";
import { BLOCK_ID_ATTRIBUTE, BLOCK_ID_TYPES } from "@/lib/editor/block-ids";
import { sentenceAround } from "@/lib/links/extract";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { withoutNul } from "@/lib/validations/nul";

export type ExtractedCitation = { ordinal: number; sourceId: string; pinpoint: string; blockId: string | null; context: string };

/** The citations of a page in document order (1-based ordinals), with their block and sentence; without U+0000 (as extractLinks). */
export function extractCitations(doc: JSONContent): ExtractedCitation[] {
  const found: ExtractedCitation[] = [];
  let ordinal = 0;
  const walk = (node: JSONContent, blockId: string | null) => {
    const id =
      node.type && BLOCK_ID_TYPES.includes(node.type) && typeof node.attrs?.[BLOCK_ID_ATTRIBUTE] === "string"
        ? (node.attrs[BLOCK_ID_ATTRIBUTE] as string)
        : blockId;
    const children = node.content ?? [];
    if (!children.some((child) => child.type === "citation")) {
      for (const child of children) walk(child, id);
      return;
    }
    let text = "";
    const here: { at: number; sourceId: string | null; pinpoint: string }[] = [];
    for (const child of children) {
      if (child.type === "text") text += child.text ?? "";
      else if (child.type === "citation")
        here.push({
          at: text.length,
          sourceId: (child.attrs?.sourceId as string | null) ?? null,
          pinpoint: String(child.attrs?.pinpoint ?? ""),
        });
      else if (child.type === "wikiLink") text += String(child.attrs?.title ?? "");
      else if (child.type === "hardBreak") text += " ";
    }
    for (const c of here) {
      ordinal++;
      // A citation sits after the words it supports: the sentence that ends at (or holds) it.
      if (c.sourceId)
        found.push({
          ordinal,
          sourceId: withoutNul(String(c.sourceId)),
          pinpoint: withoutNul(c.pinpoint),
          blockId: id === null ? null : withoutNul(id),
          context: withoutNul(sentenceAround(text, Math.max(0, c.at - 1), c.at)),
        });
    }
  };
  walk(doc, null);
  return found;
}

/** Rebuilds a page's rows in page_citations from its compacted content (with the links and the search index). */
export async function refreshPageCitations(pageId: string): Promise<void> {
  const page = await findPageById(pageId);
  const content = await findPageContent(pageId);
  if (!page || !content) return;
  await replacePageCitations(page.id, page.wikiId, extractCitations(contentWithoutSuggestions(JSON.parse(content.json))));
}
