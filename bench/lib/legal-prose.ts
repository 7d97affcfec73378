import type { JSONContent } from "@tiptap/core";

/**
 * Deterministic legal-style filler: the same seed gives the same page and the same edits on
 * every machine, so two runs measure the same work.
 */

const VOCABULARY = [
  "obligation",
  "State",
  "States",
  "diligence",
  "due",
  "territory",
  "harm",
  "significant",
  "customary",
  "opinio juris",
  "practice",
  "Article",
  "para",
  "A/70/174",
  "A/CN.4/L.682",
  "I.C.J. Reports",
  "the",
  "of",
  "to",
  "and",
  "in",
  "a",
  "that",
  "shall",
  "must",
  "may",
  "not",
  "any",
  "responsibility",
  "international",
  "law",
  "rule",
  "norm",
  "treaty",
  "convention",
  "sovereignty",
  "jurisdiction",
  "attribution",
  "conduct",
  "wrongful",
  "act",
  "breach",
  "reparation",
  "countermeasures",
  "consent",
  "necessity",
  "prevention",
  "transboundary",
  "risk",
  "cyber",
  "operation",
  "infrastructure",
  "critical",
  "knowledge",
  "constructive",
  "reasonable",
  "measures",
  "feasible",
  "within",
  "its",
  "under",
  "control",
  "Commission",
  "Court",
  "Tribunal",
  "Group",
  "of Governmental Experts",
  "principle",
  "non-intervention",
  "coercion",
  "domaine réservé",
  "general",
  "consistent",
  "widespread",
  "representative",
  "specially affected",
  "acceptance",
  "evidence",
  "commentary",
  "draft",
  "articles",
  "report",
  "Corfu Channel",
  "Pulp Mills",
  "Trail Smelter",
  "Nicaragua",
  "paras",
  "ibid.",
  "cf.",
  "see",
  "also",
  "which",
  "where",
  "would",
  "should",
  "be",
  "is",
  "are",
  "has",
  "been",
  "by",
  "for",
  "on",
  "with",
  "as",
  "or",
  "such",
  "this",
  "these",
  "those",
  "other",
  "each",
];
// "domaine réservé" is deliberate: UTF-8 byte counts then differ from string lengths, as in real texts.

const HEADING_WORDS = [
  "Obligation",
  "Diligence",
  "Attribution",
  "Sovereignty",
  "Prevention",
  "Practice",
  "Evidence",
  "Responsibility",
  "Harm",
  "Territory",
];

/** mulberry32: a tiny, fast, seedable PRNG with a full 2^32 period. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

/** `count` vocabulary entries joined by spaces (an entry such as "opinio juris" is two words). */
export function randomWords(random: Random, count: number): string {
  return Array.from({ length: count }, () => pick(random, VOCABULARY)).join(" ");
}

/** One sentence of 8–18 entries, capitalised, ending in a full stop. */
function sentence(random: Random): string {
  const words = randomWords(random, between(random, 8, 18));
  return words.charAt(0).toUpperCase() + words.slice(1) + ".";
}

function countTokens(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/**
 * A Tiptap document of about `words` words: paragraphs of ~100 words, and a level-2 heading
 * before every ~10 paragraphs ("Part 3. Diligence and prevention").
 */
export function legalDocument(random: Random, words: number): JSONContent {
  const content: JSONContent[] = [];
  let total = 0;
  let paragraphsInPart = Infinity;
  let part = 0;
  while (total < words) {
    if (paragraphsInPart >= between(random, 8, 12)) {
      part += 1;
      const heading = `Part ${part}. ${pick(random, HEADING_WORDS)} and ${pick(random, HEADING_WORDS).toLowerCase()}`;
      content.push({ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: heading }] });
      total += countTokens(heading);
      paragraphsInPart = 0;
    }
    const sentences: string[] = [];
    let paragraphWords = 0;
    const target = between(random, 85, 115);
    while (paragraphWords < target && total + paragraphWords < words) {
      const next = sentence(random);
      sentences.push(next);
      paragraphWords += countTokens(next);
    }
    const text = sentences.join(" ");
    content.push({ type: "paragraph", content: [{ type: "text", text }] });
    total += paragraphWords;
    paragraphsInPart += 1;
  }
  return { type: "doc", content };
}

/** A replacement of `length` characters at `offset` of a paragraph's text. */
export interface SentenceEdit {
  offset: number;
  length: number;
  insert: string;
}

/**
 * Picks one sentence of `text` and replaces 1–3 of its inner words (never the first, which
 * carries the capital, nor the last, which carries the full stop) with 1–3 different ones.
 */
export function sentenceEdit(random: Random, text: string): SentenceEdit {
  // A sentence ends at a full stop followed by a capital (or at the end); "ibid. State" may split early, which is harmless here.
  const sentences = [...text.matchAll(/\S.*?(?:\.(?=\s+\p{Lu})|$)/gu)].filter((m) => countTokens(m[0]) >= 4);
  if (sentences.length === 0) throw new Error(`No sentence of four or more words to edit in "${text.slice(0, 40)}…"`);
  const chosen = pick(random, sentences);
  const words = [...chosen[0].matchAll(/\S+/g)];
  const first = between(random, 1, Math.max(1, words.length - 3));
  const last = Math.min(words.length - 2, first + between(random, 0, 2));
  const offset = chosen.index + words[first].index;
  const length = words[last].index + words[last][0].length - words[first].index;
  const original = text.slice(offset, offset + length);
  let insert = randomWords(random, between(random, 1, 3));
  while (insert === original) insert = randomWords(random, between(random, 1, 3));
  return { offset, length, insert };
}
