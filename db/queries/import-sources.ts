import type { Db } from "@/db/client";
import { perDialect } from "@/db/executor";
import * as postgres from "@/db/postgres/queries/import-sources";
import { sources } from "@/db/schema/sources";

export type ImportedSourceRow = { id: string; wikiId: string; title: string; createdBy: string | null };

/**
 * The columns every imported footnote's source gets, to be tidied up in the registry later (a
 * function declaration: the PostgreSQL twin imports it back, so it must exist before this module
 * has finished loading).
 */
export function importedSourceValues(row: ImportedSourceRow) {
  return { ...row, kind: "other" as const, notes: "Imported from a footnote" };
}

/**
 * Registers the footnotes of an imported file as "other" sources. Called inside the import's
 * transaction, so a failed import leaves no orphan sources.
 */
export const insertImportedSources = perDialect((db: Db, rows: ImportedSourceRow[]): void => {
  if (!rows.length) return;
  db.insert(sources).values(rows.map(importedSourceValues)).run();
}, postgres.insertImportedSources);
