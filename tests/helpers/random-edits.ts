import * as Y from "yjs";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";

/** A small seeded PRNG (mulberry32), so a failing run can be replayed from its printed seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof seededRandom>;

export function fragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(DOCUMENT_FRAGMENT);
}

/** Every Y.XmlText of the body that sits directly in a paragraph or heading (the editor's textblocks). */
export function textblocks(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText && node instanceof Y.XmlElement && (node.nodeName === "paragraph" || node.nodeName === "heading"))
        out.push(child);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(fragment(doc));
  return out;
}

export function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/** Offsets in `text` where a word may be inserted without splitting another (start, after a space, end). */
export function wordBoundaries(text: string): number[] {
  const out = [0];
  for (let i = 1; i <= text.length; i++) if (text[i - 1] === " " || i === text.length) out.push(i);
  return out;
}

/** The characters of a Y.XmlText without its formatting (toString() would render marks as tags). */
export function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert?: unknown }[]).map((d) => (typeof d.insert === "string" ? d.insert : "")).join("");
}

/** All whitespace-separated words of the document's text, in order. */
export function words(doc: Y.Doc): string[] {
  return textblocks(doc).map(plainText).join(" ").split(/\s+/).filter(Boolean);
}
