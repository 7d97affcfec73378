import type { RelationKind, Stance, StrandStatus } from "@/db/schema/strands";
import { createPage } from "@/lib/commands/pages";
import { addRelation, updateStrand } from "@/lib/commands/strands";
import { seededRandom } from "./random-edits";

const STANCES: Stance[] = ["supports", "challenges", "qualifies", "context"];
const STATUSES: StrandStatus[] = ["draft", "in_review", "settled"];
const KINDS: RelationKind[] = ["supports", "rebuts", "qualifies", "relies_on"];
const TOPICS = [
  "attribution",
  "sovereignty",
  "no-harm",
  "neutrality",
  "countermeasures",
  "human rights",
  "Corfu Channel",
  "GGE 2015",
  "OEWG 2021",
  "Tallinn 2.0",
  "State positions",
  "capacity",
];

export type ArgumentGraphPlan = {
  strands: { title: string; markdown: string; claim: string; stance: Stance; status: StrandStatus }[];
  /** Indexes into `strands`. */
  relations: { from: number; to: number; kind: RelationKind }[];
};

/**
 * A wiki-sized argument for the map: `strands` pages with claims, stances and statuses, and
 * `relations` typed relations between them. Relations point mostly at earlier strands, weighted
 * toward the first few (a thesis and its main lines of argument attract most support and
 * rebuttal), with one in eight anywhere, which makes cross-links and cycles, as a real argument
 * has. Deterministic for a given seed, so a screenshot can be compared from run to run. Only a
 * plan: the commands (makeArgumentGraph) or the REST API (an e2e spec) write it.
 */
export function planArgumentGraph({ strands = 50, relations = 150, seed = 6 } = {}): ArgumentGraphPlan {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)];
  const plan: ArgumentGraphPlan = { strands: [], relations: [] };
  for (let i = 0; i < strands; i++) {
    const topic = pick(TOPICS);
    // Drawn in this order (stance, then status) so the graph matches what earlier runs seeded.
    const claim = `On ${topic}, the record read as a whole points ${i % 2 ? "one way" : "the other"}, for reasons this strand sets out (${i + 1}).`;
    const stance = pick(STANCES);
    const status = pick(STATUSES);
    plan.strands.push({ title: `Strand ${i + 1}: ${topic}`, markdown: `Notes on ${topic}.`, claim, stance, status });
  }
  const taken = new Set<string>();
  for (let attempt = 0; plan.relations.length < relations && attempt < relations * 20; attempt++) {
    const from = 1 + Math.floor(random.next() * (strands - 1));
    const to = random.next() < 1 / 8 ? Math.floor(random.next() * strands) : Math.floor(random.next() ** 2 * from);
    const kind = pick(KINDS);
    const key = `${from}:${to}:${kind}`;
    if (from === to || taken.has(key)) continue;
    taken.add(key);
    plan.relations.push({ from, to, kind });
  }
  return plan;
}

/** Writes planArgumentGraph's argument into a wiki through Opinio's commands (same database file as the server). */
export async function makeArgumentGraph(
  wikiId: string,
  ownerId: string,
  options: Parameters<typeof planArgumentGraph>[0] = {},
): Promise<{ pageIds: string[]; relationCount: number }> {
  const plan = planArgumentGraph(options);
  const pageIds: string[] = [];
  for (const s of plan.strands) {
    const page = await createPage({ wikiId, title: s.title, markdown: s.markdown }, ownerId);
    await updateStrand(page.id, { claim: s.claim, stance: s.stance, status: s.status }, ownerId);
    pageIds.push(page.id);
  }
  for (const r of plan.relations) await addRelation({ fromPageId: pageIds[r.from], toPageId: pageIds[r.to], kind: r.kind }, ownerId);
  return { pageIds, relationCount: plan.relations.length };
}
