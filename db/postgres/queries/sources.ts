import { and, asc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { PageCitation, Source } from "../../schema";
import type { CitingPlace, NewSource, SourceFilter, SourcePatch } from "../../queries/sources";
import { containsPattern } from "../../queries/like-pattern";
import type { PgExecutor } from "../client";
import { pageCitations, pages, sources } from "../schema";

/** PostgreSQL side of db/queries/sources.ts (the comments there say what each does and why). */

export async function insertSource(db: PgExecutor, row: NewSource): Promise<Source> {
  const [inserted] = await db.insert(sources).values(row).returning();
  return inserted;
}

// Now, but always at least a millisecond after the row's previous updated_at, as on SQLite.
const laterThanBefore = () =>
  sql<Date>`greatest(${new Date().toISOString()}::timestamptz, ${sources.updatedAt} + interval '1 millisecond')`;

export async function sourcesStamp(db: PgExecutor, wikiId: string): Promise<string> {
  const [row] = await db
    .select({ n: sql<string>`count(*)::text`, sum: sql<string>`coalesce(sum(extract(epoch from ${sources.updatedAt})), 0)::text` })
    .from(sources)
    .where(eq(sources.wikiId, wikiId));
  return `${row.n}:${row.sum}`;
}

export async function updateSourceRow(db: PgExecutor, id: string, patch: SourcePatch): Promise<Source | undefined> {
  const [row] = await db
    .update(sources)
    .set({ ...patch, updatedAt: laterThanBefore() })
    .where(eq(sources.id, id))
    .returning();
  return row;
}

export async function findSource(db: PgExecutor, id: string): Promise<Source | undefined> {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  return row;
}

export async function listSources(db: PgExecutor, wikiId: string, filter: SourceFilter = {}): Promise<Source[]> {
  const pattern = filter.q ? containsPattern(filter.q) : null;
  return (
    db
      .select()
      .from(sources)
      .where(
        and(
          eq(sources.wikiId, wikiId),
          isNull(sources.mergedInto),
          filter.kind ? eq(sources.kind, filter.kind) : undefined,
          // SQLite's LIKE ignores ASCII case; ILIKE does too (and beyond ASCII).
          pattern
            ? or(
                sql`${sources.title} ILIKE ${pattern} ESCAPE '\\'`,
                sql`${sources.shortTitle} ILIKE ${pattern} ESCAPE '\\'`,
                sql`${sources.fields} ILIKE ${pattern} ESCAPE '\\'`,
              )
            : undefined,
        ),
      )
      // As SQLite's NOCASE orders: case folded, then by code point (not the database's locale).
      .orderBy(sql`lower(coalesce(nullif(${sources.shortTitle}, ''), ${sources.title})) COLLATE "C"`)
  );
}

export async function listAllSources(db: PgExecutor, wikiId: string): Promise<Source[]> {
  return db.select().from(sources).where(eq(sources.wikiId, wikiId));
}

export async function findDuplicateSources(db: PgExecutor, wikiId: string, dedupeKey: string, exceptId?: string): Promise<Source[]> {
  return db
    .select()
    .from(sources)
    .where(
      and(
        eq(sources.wikiId, wikiId),
        eq(sources.dedupeKey, dedupeKey),
        isNull(sources.mergedInto),
        exceptId ? ne(sources.id, exceptId) : undefined,
      ),
    );
}

export async function mergeSourceRows(db: PgExecutor, fromId: string, intoId: string): Promise<void> {
  await db
    .update(sources)
    .set({ mergedInto: intoId, updatedAt: laterThanBefore() })
    .where(or(eq(sources.id, fromId), eq(sources.mergedInto, fromId)));
}

export async function replacePageCitations(
  db: PgExecutor,
  pageId: string,
  wikiId: string,
  rows: Omit<PageCitation, "pageId" | "wikiId">[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(pageCitations).where(eq(pageCitations.pageId, pageId));
    if (rows.length > 0) await tx.insert(pageCitations).values(rows.map((row) => ({ ...row, pageId, wikiId })));
  });
}

export async function listCitingPlaces(db: PgExecutor, sourceIds: string[]): Promise<CitingPlace[]> {
  if (sourceIds.length === 0) return [];
  return (
    db
      .select({
        pageId: pageCitations.pageId,
        pageTitle: pages.title,
        pageSlug: pages.slug,
        ordinal: pageCitations.ordinal,
        pinpoint: pageCitations.pinpoint,
        blockId: pageCitations.blockId,
        context: pageCitations.context,
      })
      .from(pageCitations)
      .innerJoin(pages, eq(pages.id, pageCitations.pageId))
      .where(and(inArray(pageCitations.sourceId, sourceIds), isNull(pages.deletedAt)))
      // By code point, as SQLite's BINARY collation orders titles.
      .orderBy(sql`${pages.title} COLLATE "C"`, asc(pageCitations.ordinal))
  );
}

export async function listMergedInto(db: PgExecutor, sourceId: string): Promise<string[]> {
  const rows = await db.select({ id: sources.id }).from(sources).where(eq(sources.mergedInto, sourceId));
  return rows.map((row) => row.id);
}
