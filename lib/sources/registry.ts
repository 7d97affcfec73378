import { listAllSources } from "@/db/queries/sources";
import type { Source } from "@/db/schema";
import type { CitableSource } from "@/lib/citations/footnotes";

export function parseFields(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

export function toCitable(source: Source): CitableSource {
  return {
    id: source.id,
    kind: source.kind,
    title: source.title,
    shortTitle: source.shortTitle,
    fields: parseFields(source.fields),
    url: source.url,
  };
}

/**
 * A wiki's sources as footnotes need them: any id a document cites, merged ones included,
 * resolves to the source that survived the merge.
 */
export function sourceLookup(wikiId: string): (sourceId: string) => CitableSource | undefined {
  const all = new Map(listAllSources(wikiId).map((s) => [s.id, s]));
  const citable = new Map<string, CitableSource>();
  return (sourceId) => {
    let source = all.get(sourceId);
    // Merges chain (A into B, B into C); the chain is short, but never follow a cycle.
    for (let hops = 0; source?.mergedInto && hops < 20; hops++) source = all.get(source.mergedInto);
    if (!source || source.mergedInto) return undefined;
    let found = citable.get(source.id);
    if (!found) citable.set(source.id, (found = toCitable(source)));
    return found;
  };
}
