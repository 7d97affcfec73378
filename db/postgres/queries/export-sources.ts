import { eq } from "drizzle-orm";
import type { Source } from "../../schema/sources";
import type { PgExecutor } from "../client";
import { sources } from "../schema";

/** PostgreSQL side of db/queries/export-sources.ts (the comments there say what each does). */

export async function listWikiSourceRows(db: PgExecutor, wikiId: string): Promise<Source[]> {
  return db.select().from(sources).where(eq(sources.wikiId, wikiId));
}
