import type { JSONContent } from "@tiptap/core";
import type { CitationAttrs } from "@/lib/editor/citation";

/** A piece of footnote text; italic for case names and titles as the style requires. */
export type FootnoteRun = { text: string; italic?: boolean };

export type Footnote = {
  /** 1-based, in document order. */
  number: number;
  sourceId: string | null;
  pinpoint: string;
  runs: FootnoteRun[];
  /** The runs joined, for plain-text uses (Markdown, search, tests). */
  text: string;
};

/** What a formatter needs to know about a source (a registry row with its fields parsed). */
export type CitableSource = {
  id: string;
  kind: string;
  title: string;
  shortTitle: string;
  fields: Record<string, string>;
  url: string;
};

/** Every citation node of a document, in document order. */
export function citationsInOrder(doc: JSONContent): CitationAttrs[] {
  const found: CitationAttrs[] = [];
  const walk = (node: JSONContent) => {
    if (node.type === "citation") {
      found.push({ sourceId: (node.attrs?.sourceId as string | null) ?? null, pinpoint: String(node.attrs?.pinpoint ?? "") });
    }
    node.content?.forEach(walk);
  };
  walk(doc);
  return found;
}

/**
 * The footnotes of a document: one per citation node, numbered in document order.
 * PLACEHOLDER wording (title + pinpoint) until the citation styles land (lib/citations/styles);
 * the signature is the contract exports and the editor rely on.
 */
export function computeFootnotes(
  doc: JSONContent,
  lookup: (sourceId: string) => CitableSource | undefined,
  styleId = "oscola",
): Footnote[] {
  void styleId;
  return citationsInOrder(doc).map((c, index) => {
    const source = c.sourceId ? lookup(c.sourceId) : undefined;
    const text = source ? [source.title, c.pinpoint].filter(Boolean).join(", ") : "Source not found";
    return { number: index + 1, sourceId: c.sourceId, pinpoint: c.pinpoint, runs: [{ text }], text };
  });
}
