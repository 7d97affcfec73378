/**
 * Demo wiki "Due diligence in cyberspace": page tree for seeding.
 *
 * Pages are listed in tree order (each parent before its children). `file` is
 * the Markdown file name in this folder; the seed loader reads it.
 */

export type DemoPage = {
  slug: string;
  title: string;
  parentSlug: string | null;
  file: string;
};

export const demoWiki = {
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
  },
  {
    slug: "primary-rules",
    title: "Due diligence lives in primary rules",
    parentSlug: ROOT,
    file: "primary-rules.md",
  },
  {
    slug: "knowledge-capacity",
    title: "Knowledge and capacity: the standard of conduct",
    parentSlug: "primary-rules",
    file: "knowledge-capacity.md",
  },
  {
    slug: "un-consensus",
    title: "The UN consensus: a voluntary norm",
    parentSlug: ROOT,
    file: "un-consensus.md",
  },
  {
    slug: "state-practice",
    title: "Custom: not enough practice and opinio juris",
    parentSlug: ROOT,
    file: "state-practice.md",
  },
  {
    slug: "opposing-scholarship",
    title: "The case for a general obligation (Tallinn Manual 2.0 and others)",
    parentSlug: ROOT,
    file: "opposing-scholarship.md",
  },
  {
    slug: "interventionist-scholarship",
    title: "Lex ferenda and the interventionist scholar",
    parentSlug: ROOT,
    file: "interventionist-scholarship.md",
  },
  {
    slug: "open-questions",
    title: "Open questions and research agenda",
    parentSlug: null,
    file: "open-questions.md",
  },
];
