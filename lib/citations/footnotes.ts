import type { JSONContent } from "@tiptap/core";
import type { CitationAttrs } from "@/lib/editor/citation";
import { citationStyle } from "./styles";

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
 * The footnotes of a document: one per citation node, numbered in document order, worded by the
 * style: the full form the first time a source is cited, "ibid" right after itself, the short
 * form with a cross-reference after that. `lookup` resolves merged sources to the survivor, so
 * two ids of one authority count as the same source.
 */
export function computeFootnotes(
  doc: JSONContent,
  lookup: (sourceId: string) => CitableSource | undefined,
  styleId = "oscola",
): Footnote[] {
  const style = citationStyle(styleId);
  const firstNote = new Map<string, number>();
  let previous: string | null = null;
  return citationsInOrder(doc).map((c, index) => {
    const number = index + 1;
    const source = c.sourceId ? lookup(c.sourceId) : undefined;
    let runs: FootnoteRun[];
    if (!source) {
      runs = [{ text: "Source not found" }];
      previous = null;
    } else {
      const first = firstNote.get(source.id);
      runs =
        first === undefined
          ? style.full(source, c.pinpoint)
          : previous === source.id
            ? style.repeat(source, c.pinpoint)
            : style.subsequent(source, c.pinpoint, first);
      if (first === undefined) firstNote.set(source.id, number);
      previous = source.id;
    }
    // Footnotes end with a full stop in every style we know; a style leaves it to this one place.
    const last = runs.at(-1)!;
    if (!/[.!?]$/.test(last.text)) runs = [...runs.slice(0, -1), { ...last, text: `${last.text}.` }];
    return { number, sourceId: c.sourceId, pinpoint: c.pinpoint, runs, text: runs.map((r) => r.text).join("") };
  });
}
