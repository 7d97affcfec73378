import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { perDialect } from "@/db/executor";
import * as postgres from "@/db/postgres/queries/export-sources";
import { sources, type Source } from "@/db/schema/sources";
import type { CitableSource } from "@/lib/citations/footnotes";

// Converted to the async data layer (docs/architecture.md, "Data layer"): the rows are read per
// dialect, the footnote formatter's view of them is built once, here.

/**
 * A wiki's sources as the footnote formatter reads them, keyed by id. A merged source resolves to
 * its survivor (citations keep the old id in the page text, see db/schema/sources.ts). Read-only:
 * exports never change the registry.
 */
export async function loadCitableSources(wikiId: string): Promise<Map<string, CitableSource>> {
  return citableSources(await listWikiSourceRows(wikiId));
}

const listWikiSourceRows = perDialect(
  (db: Db, wikiId: string): Source[] => db.select().from(sources).where(eq(sources.wikiId, wikiId)).all(),
  postgres.listWikiSourceRows,
);

function citableSources(rows: Source[]): Map<string, CitableSource> {
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
