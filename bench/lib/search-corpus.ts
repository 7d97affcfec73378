import type { Random } from "./legal-prose";

/**
 * Deterministic text for the search benchmark: page bodies and comments written the way
 * international-law notes are (terms of art, case names, document symbols, pinpoints), with
 * word frequencies skewed like real prose, so a query for "State" matches most pages and a
 * query for "Trail Smelter" a few hundred. The skew matters: a search that is fast on a rare
 * word and slow on a common one is only caught if the corpus has both.
 */

/** Glue words: in nearly every sentence. */
const COMMON = [
  "the",
  "of",
  "and",
  "to",
  "in",
  "a",
  "that",
  "is",
  "by",
  "for",
  "on",
  "as",
  "with",
  "or",
  "be",
  "not",
  "which",
  "its",
  "this",
  "under",
];

/** Words of the field: each sentence draws a few. */
const FIELD = [
  "State",
  "States",
  "obligation",
  "obligations",
  "responsibility",
  "sovereignty",
  "attribution",
  "conduct",
  "territory",
  "jurisdiction",
  "harm",
  "significant",
  "transboundary",
  "prevention",
  "knowledge",
  "constructive",
  "reasonable",
  "feasible",
  "measures",
  "breach",
  "wrongful",
  "reparation",
  "countermeasures",
  "necessity",
  "consent",
  "intervention",
  "coercion",
  "force",
  "armed",
  "attack",
  "self-defence",
  "customary",
  "practice",
  "acceptance",
  "treaty",
  "convention",
  "norm",
  "rule",
  "principle",
  "commentary",
  "draft",
  "articles",
  "report",
  "evidence",
  "standard",
  "threshold",
  "cyber",
  "operation",
  "operations",
  "infrastructure",
  "critical",
  "network",
  "malicious",
  "actor",
  "actors",
  "proxy",
  "effective",
  "overall",
  "control",
  "instructions",
  "direction",
  "organ",
  "agent",
  "host",
  "victim",
  "injured",
  "cooperation",
  "notification",
  "assistance",
  "mitigation",
  "remediation",
  "capacity",
  "vigilance",
  "duty",
  "diligence",
];

/** Terms of art and references: a sentence carries one now and then. */
const TERMS = [
  "due diligence",
  "State responsibility",
  "opinio juris",
  "domaine réservé",
  "jus cogens",
  "erga omnes",
  "effective control",
  "overall control",
  "internationally wrongful act",
  "no-harm principle",
  "plea of necessity",
  "UN GGE",
  "OEWG",
  "International Law Commission",
  "ILC Articles",
  "Tallinn Manual 2.0",
  "Rule 6",
  "Rule 7",
  "A/70/174",
  "A/76/135",
  "A/68/98",
  "A/RES/56/83",
  "A/CN.4/L.682",
  "S/RES/1373",
  "Art. 2(4)",
  "Art. 2(7)",
  "Art. 51",
  "Art. 8",
  "Art. 25",
  "para. 13(c)",
  "13(c)",
  "13(f)",
  "norm 13(c)",
  "Corfu Channel",
  "I.C.J. Reports 1949, p. 22",
  "Pulp Mills",
  "Trail Smelter",
  "Nicaragua",
  "Bosnian Genocide",
  "Armed Activities",
  "Tehran Hostages",
  "Alabama",
  "ICJ",
  "ITLOS",
  "PCIJ",
  "Lotus",
  "Island of Palmas",
  "Certain Activities",
  "Costa Rica v. Nicaragua",
  "ibid.",
  "cf.",
];

/** Words that title a strand. */
const TITLE_HEADS = [
  "Due diligence",
  "Attribution",
  "Sovereignty",
  "Prevention",
  "State responsibility",
  "Countermeasures",
  "Necessity",
  "Non-intervention",
  "Use of force",
  "Self-defence",
  "Opinio juris",
  "State practice",
  "Norm 13(c)",
  "Corfu Channel",
  "Knowledge",
  "Harm threshold",
  "Cooperation",
  "Proxy actors",
  "Critical infrastructure",
  "Reparation",
];
const TITLE_TAILS = [
  "in cyberspace",
  "and ransomware",
  "after A/70/174",
  "under Art. 2(4)",
  "in the ILC Articles",
  "at the ICJ",
  "and the UN GGE",
  "of non-State actors",
  "by omission",
  "as customary law",
  "in Pulp Mills",
  "and election interference",
  "for hospitals",
  "in the Tallinn Manual",
  "and the OEWG",
  "and constructive knowledge",
];

const COMMENT_OPENERS = [
  "Check",
  "Is this right?",
  "Cite",
  "Pinpoint for",
  "Compare",
  "Weak point:",
  "Counter-argument:",
  "Source needed for",
  "See also",
  "Agree, but",
];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

/** Like pick, but the first items far more often than the last (roughly Zipf's law of prose). */
const pickSkewed = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() ** 2.5 * items.length)];

/** A word from a tier: common words most often, field words next, terms of art least. */
function word(random: Random): string {
  const r = random();
  if (r < 0.45) return pick(random, COMMON);
  if (r < 0.93) return pickSkewed(random, FIELD);
  return pickSkewed(random, TERMS);
}

function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

function sentence(random: Random, low: number, high: number): string {
  const words = Array.from({ length: between(random, low, high) }, () => word(random)).join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1) + ".";
}

/** A title such as "Attribution under Art. 2(4) 417": the number keeps titles distinct, as in a real wiki. */
export function pageTitle(random: Random, index: number): string {
  return `${pick(random, TITLE_HEADS)} ${pick(random, TITLE_TAILS)} ${index}`;
}

/** Plain text of about `words` words in paragraphs of ~100 (the shape the compacted page text has). */
export function pageBody(random: Random, words: number): string {
  const paragraphs: string[] = [];
  let total = 0;
  while (total < words) {
    const sentences: string[] = [];
    const target = Math.min(between(random, 80, 120), words - total);
    let count = 0;
    while (count < target) {
      const next = sentence(random, 8, 20);
      sentences.push(next);
      count += countWords(next);
    }
    paragraphs.push(sentences.join(" "));
    total += count;
  }
  return paragraphs.join("\n\n");
}

/** A comment of one to three short sentences, opening the way reviewers do. */
export function commentBody(random: Random): string {
  const sentences = Array.from({ length: between(random, 1, 3) }, () => sentence(random, 5, 14));
  return `${pick(random, COMMENT_OPENERS)} ${sentences.join(" ")}`;
}
