import type { RelationKind, Stance, StrandStatus } from "@/db/schema/strands";
import { createPage } from "@/lib/commands/pages";
import { addRelation, updateStrand } from "@/lib/commands/strands";
import { seededRandom } from "./random-edits";

const STANCES: Stance[] = ["supports", "challenges", "qualifies", "context"];
const STATUSES: StrandStatus[] = ["draft", "in_review", "settled"];
const KINDS: RelationKind[] = ["supports", "rebuts", "qualifies", "relies_on"];
const TOPICS = ["attribution", "sovereignty", "no-harm", "neutrality", "countermeasures", "human rights", "Corfu Channel", "GGE 2015", "OEWG 2021", "Tallinn 2.0", "State positions", "capacity"];

/**
 * A wiki-sized argument for the map: `strands` pages with claims, stances and statuses, and
 * `relations` typed relations between them. Relations point mostly at earlier strands, weighted
 * toward the first few (a thesis and its main lines of argument attract most support and
 * rebuttal), with one in eight anywhere, which makes cross-links and cycles, as a real argument
 * has. Deterministic for a given seed, so a screenshot can be compared from run to run.
 */
export function makeArgumentGraph(wikiId: string, ownerId: string, { strands = 50, relations = 150, seed = 6 } = {}): { pageIds: string[]; relationCount: number } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)];
  const pageIds: string[] = [];
  for (let i = 0; i < strands; i++) {
    const topic = pick(TOPICS);
    const page = createPage({ wikiId, title: `Strand ${i + 1}: ${topic}`, markdown: `Notes on ${topic}.` }, ownerId);
    updateStrand(page.id, { claim: `On ${topic}, the record read as a whole points ${i % 2 ? "one way" : "the other"}, for reasons this strand sets out (${i + 1}).`, stance: pick(STANCES), status: pick(STATUSES) }, ownerId);
    pageIds.push(page.id);
  }
  const taken = new Set<string>();
  let made = 0;
  for (let attempt = 0; made < relations && attempt < relations * 20; attempt++) {
    const from = 1 + Math.floor(random.next() * (strands - 1));
    const to = random.next() < 1 / 8 ? Math.floor(random.next() * strands) : Math.floor(random.next() ** 2 * from);
    const kind = pick(KINDS);
    const key = `${from}:${to}:${kind}`;
    if (from === to || taken.has(key)) continue;
    taken.add(key);
    addRelation({ fromPageId: pageIds[from], toPageId: pageIds[to], kind }, ownerId);
    made++;
  }
  return { pageIds, relationCount: made };
}
