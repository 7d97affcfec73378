/**
 * Demo wiki "Due diligence in cyberspace": page tree for seeding.
 *
 * Pages are listed in tree order (each parent before its children). `file` is
 * the Markdown file name in this folder; the seed loader reads it. In the Markdown,
 * `[^cite:key, pinpoint]` cites the source with that key in ./sources.ts (a footnote
 * on the page; the pinpoint is optional).
 */

import type { RelationKind, Stance, StrandStatus } from "@/db/schema/strands";

export type DemoPage = {
  slug: string;
  title: string;
  parentSlug: string | null;
  file: string;
  /** The strand's one-sentence claim, its stance toward the thesis and how far along it is. */
  strand: { claim: string; stance: Stance; status: StrandStatus };
};

export type DemoRelation = { from: string; kind: RelationKind; to: string; note?: string };

export const demoWiki = {
  thesis:
    "International law in force does not bind States to a general obligation of due diligence over cyber operations from their territory; claims that it does are lex ferenda.",
  name: "Due diligence in cyberspace",
  slug: "due-diligence-cyberspace",
  description:
    "A research team's working notes testing whether international law already binds States to exercise due diligence over cyber operations from their territory, or whether that obligation is still law in the making.",
};

const ROOT = "thesis-lex-ferenda";

export const demoWikiPages: DemoPage[] = [
  {
    slug: ROOT,
    title: "Thesis: binding cyber due diligence is lex ferenda",
    parentSlug: null,
    file: "thesis-lex-ferenda.md",
    strand: {
      claim:
        "No general, binding due diligence obligation for cyberspace exists in the law in force; asserting one describes the law as its authors would like it to be.",
      stance: "supports",
      status: "in_review",
    },
  },
  {
    slug: "primary-rules",
    title: "Due diligence lives in primary rules",
    parentSlug: ROOT,
    file: "primary-rules.md",
    strand: {
      claim:
        "Due diligence is a standard attached to particular primary rules, not a free-standing source of obligations that reaches cyberspace by itself.",
      stance: "supports",
      status: "settled",
    },
  },
  {
    slug: "knowledge-capacity",
    title: "Knowledge and capacity: the standard of conduct",
    parentSlug: "primary-rules",
    file: "knowledge-capacity.md",
    strand: {
      claim:
        "Wherever due diligence applies it is an obligation of conduct, measured by what the State knew or should have known and what it could reasonably do.",
      stance: "context",
      status: "settled",
    },
  },
  {
    slug: "un-consensus",
    title: "The UN consensus: a voluntary norm",
    parentSlug: ROOT,
    file: "un-consensus.md",
    strand: {
      claim:
        'Every consensus text of the UN cyber processes since 2013 words due diligence as something States "should" do, a voluntary norm rather than a legal duty.',
      stance: "supports",
      status: "settled",
    },
  },
  {
    slug: "state-practice",
    title: "Custom: not enough practice and opinio juris",
    parentSlug: ROOT,
    file: "state-practice.md",
    strand: {
      claim:
        "Published national positions fall short of the general, consistent practice accepted as law that a customary rule of cyber due diligence would need.",
      stance: "supports",
      status: "in_review",
    },
  },
  {
    slug: "opposing-scholarship",
    title: "The case for a general obligation (Tallinn Manual 2.0 and others)",
    parentSlug: ROOT,
    file: "opposing-scholarship.md",
    strand: {
      claim:
        "The strongest contrary case reads the Corfu Channel principle as general custom that binds States in cyberspace whatever the technology.",
      stance: "challenges",
      status: "in_review",
    },
  },
  {
    slug: "interventionist-scholarship",
    title: "Lex ferenda and the interventionist scholar",
    parentSlug: ROOT,
    file: "interventionist-scholarship.md",
    strand: {
      claim:
        "Presenting a desired obligation as existing law to close a feared gap casts scholars as law-makers, beyond their Article 38(1)(d) role.",
      stance: "supports",
      status: "draft",
    },
  },
  {
    slug: "open-questions",
    title: "Open questions and research agenda",
    parentSlug: null,
    file: "open-questions.md",
    strand: {
      claim: "The thesis holds today, but it rests on a dated snapshot of State positions and a contested reading of Corfu Channel.",
      stance: "qualifies",
      status: "draft",
    },
  },
];

/** How the demo strands bear on each other (by slug): the argument map of the demo wiki. */
export const demoWikiRelations: DemoRelation[] = [
  { from: "primary-rules", kind: "supports", to: ROOT, note: "No general source, so no general cyber obligation." },
  { from: "un-consensus", kind: "supports", to: ROOT, note: "States themselves call it voluntary." },
  { from: "state-practice", kind: "supports", to: ROOT },
  {
    from: "state-practice",
    kind: "qualifies",
    to: "primary-rules",
    note: "A primary rule could still grow out of practice; it has not yet.",
  },
  {
    from: "knowledge-capacity",
    kind: "qualifies",
    to: "primary-rules",
    note: "Even where it applies, what it demands varies with knowledge and capacity.",
  },
  { from: "opposing-scholarship", kind: "rebuts", to: ROOT, note: "Corfu Channel read as general custom." },
  {
    from: "primary-rules",
    kind: "rebuts",
    to: "opposing-scholarship",
    note: "Corfu Channel states a rule about territory used against others, not a general source.",
  },
  {
    from: "state-practice",
    kind: "rebuts",
    to: "opposing-scholarship",
    note: "The national positions it counts are too few and too divided.",
  },
  {
    from: "opposing-scholarship",
    kind: "relies_on",
    to: "knowledge-capacity",
    note: "Needs a workable standard of conduct for cyber operations.",
  },
  { from: "interventionist-scholarship", kind: "relies_on", to: "un-consensus", note: "The gap is one States chose to leave open." },
  { from: "interventionist-scholarship", kind: "relies_on", to: "state-practice" },
  { from: "interventionist-scholarship", kind: "supports", to: ROOT },
  { from: "open-questions", kind: "qualifies", to: ROOT, note: "Holds for now; revisit as new national positions appear." },
  { from: "open-questions", kind: "relies_on", to: "state-practice" },
];
