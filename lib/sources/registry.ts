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

export type SourceLookup = (sourceId: string) => CitableSource | undefined;

/**
 * A wiki's sources as footnotes need them: any id a document cites, merged ones included,
 * resolves to the source that survived the merge.
 */
export async function sourceLookup(wikiId: string): Promise<SourceLookup> {
  return lookupIn(await listAllSources(wikiId));
}

/** sourceLookup over `sources`, all of one wiki's (merged ones included) as listAllSources reads them. */
export function lookupIn(sources: Source[]): SourceLookup {
  const all = new Map(sources.map((s) => [s.id, s]));
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
