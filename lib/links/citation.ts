import type { JSONContent } from "@tiptap/core";

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

export type PageCitationInput = { wikiName: string; pageTitle: string; version: number; date: Date; paragraph?: number | null };

/** "3 March 2027": day month year, as OSCOLA writes dates (UTC, so a citation never shifts). */
export function formatCitationDate(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

/**
 * The ready citation of a page version, e.g.
 * Opinio wiki *Due diligence in cyberspace*, 'UN consensus' (version 14, 3 March 2027), para 4.
 * The wiki name is in asterisks (italic in Markdown); `html` has it in <em>.
 */
export function formatPageCitation(input: PageCitationInput): { text: string; parts: { wiki: string; rest: string } } {
  const para = input.paragraph ? `, para ${input.paragraph}` : "";
  const rest = `, '${input.pageTitle}' (version ${input.version}, ${formatCitationDate(input.date)})${para}`;
  return { text: `Opinio wiki *${input.wikiName}*${rest}`, parts: { wiki: input.wikiName, rest } };
}
