import { importedSourceValues, type ImportedSourceRow } from "../../queries/import-sources";
import type { PgExecutor } from "../client";
import { sources } from "../schema";

/** PostgreSQL side of db/queries/import-sources.ts (the comments there say what each does). */

export async function insertImportedSources(db: PgExecutor, rows: ImportedSourceRow[]): Promise<void> {
  if (!rows.length) return;
  await db.insert(sources).values(rows.map(importedSourceValues));
}
