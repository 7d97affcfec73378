import type { JSONContent } from "@tiptap/core";
import { citationStyle } from "@/lib/citations/styles";
import type { CitedPage } from "@/lib/citations/styles/types";

/**
 * Paragraph numbers as a legal citation uses them ("para 4"): paragraphs and list items in
 * document order; headings, tables' headers and quotes' wrappers are not numbered; a paragraph
 * inside a list item cites as its item. Null when the block is not numbered or not found.
 */
export function paragraphNumber(doc: JSONContent, blockId: string): number | null {
  let count = 0;
  const visit = (node: JSONContent, parentType: string | undefined): number | null | undefined => {
    const counted = node.type === "listItem" || (node.type === "paragraph" && parentType !== "listItem");
    if (counted) count += 1;
    if (node.attrs?.id === blockId) return counted || (node.type === "paragraph" && parentType === "listItem") ? count : null;
    for (const child of node.content ?? []) {
      const found = visit(child, node.type);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(doc, undefined) ?? null;
}

/**
 * The ready citation of a page version in the wiki's citation style, as Markdown (italics in
 * asterisks), e.g. in OSCOLA
 * Opinio wiki *Due diligence in cyberspace*, 'UN consensus' (version 14, 3 March 2027), para 4
 * and in Bluebook
 * *UN consensus*, Opinio wiki: Due diligence in cyberspace ¶ 4 (version 14, Mar. 3, 2027)
 */
export function formatPageCitation(cited: CitedPage, styleId?: string | null): string {
  return citationStyle(styleId).page(cited);
}
