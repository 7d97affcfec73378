import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { sources } from "@/db/schema/sources";
import type { CitableSource } from "@/lib/citations/footnotes";

/**
 * A wiki's sources as the footnote formatter reads them, keyed by id. A merged source resolves to
 * its survivor (citations keep the old id in the page text, see db/schema/sources.ts). Read-only:
 * exports never change the registry.
 */
export function loadCitableSources(wikiId: string): Map<string, CitableSource> {
  const rows = getDb().select().from(sources).where(eq(sources.wikiId, wikiId)).all();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const out = new Map<string, CitableSource>();
  for (const row of rows) {
    let target = row;
    // Follow merge pointers a bounded number of times, so a bad cycle cannot hang an export.
    for (let hops = 0; target.mergedInto && byId.has(target.mergedInto) && hops < 10; hops++) target = byId.get(target.mergedInto)!;
    out.set(row.id, {
      id: target.id,
      kind: target.kind,
      title: target.title,
      shortTitle: target.shortTitle,
      fields: parseFields(target.fields),
      url: target.url,
    });
  }
  return out;
}

function parseFields(raw: string): Record<string, string> {
  try {
    const value = JSON.parse(raw) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v ?? "")]));
  } catch {
    return {};
  }
}
