import { getDb } from "@/db/client";
import { sources } from "@/db/schema/sources";

/**
 * Registers the footnotes of an imported file as "other" sources, to be tidied up in the registry
 * later. Called inside the import's transaction, so a failed import leaves no orphan sources.
 */
export function insertImportedSources(rows: { id: string; wikiId: string; title: string; createdBy: string | null }[]): void {
  if (!rows.length) return;
  getDb()
    .insert(sources)
    .values(rows.map((row) => ({ ...row, kind: "other" as const, notes: "Imported from a footnote" })))
    .run();
}
