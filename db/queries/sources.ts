import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "../client";
import { preparedQuery } from "../prepared";
import { pageCitations, pages, sources, type PageCitation, type Source } from "../schema";

export type NewSource = typeof sources.$inferInsert;

export function insertSource(row: NewSource): Source {
  return getDb().insert(sources).values(row).returning().get();
}

/**
 * A change's updated_at: now, but always after the row's previous one, even within one
 * millisecond or when the clock steps back, so sourcesStamp changes with every change.
 */
const laterThanBefore = () => sql<Date>`max(${Date.now()}, ${sources.updatedAt} + 1)`;

/**
 * Changes whenever a source of the wiki is added, reworded or merged (updated_at only grows, see
 * laterThanBefore): the key under which footnote wording can be reused (lib/pages/render-cache.ts).
 */
const sourcesStampOf = preparedQuery((db) =>
  db
    .select({ n: sql<number>`count(*)`, sum: sql<number>`coalesce(sum(${sources.updatedAt}), 0)` })
    .from(sources)
    .where(eq(sources.wikiId, sql.placeholder("wikiId")))
    .prepare(),
);

export function sourcesStamp(wikiId: string): string {
  const row = sourcesStampOf().get({ wikiId })!;
  return `${row.n}:${row.sum}`;
}

export function updateSourceRow(
  id: string,
  patch: Partial<Pick<Source, "kind" | "title" | "shortTitle" | "fields" | "url" | "notes" | "dedupeKey">>,
): Source | undefined {
  return getDb()
    .update(sources)
    .set({ ...patch, updatedAt: laterThanBefore() })
    .where(eq(sources.id, id))
    .returning()
    .get();
}

export function findSource(id: string): Source | undefined {
  return getDb().select().from(sources).where(eq(sources.id, id)).get();
}

/** A wiki's live sources (not merged away), by title; optionally of one kind and/or matching `q`. */
export function listSources(wikiId: string, filter: { kind?: Source["kind"]; q?: string } = {}): Source[] {
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return (
    getDb()
      .select()
      .from(sources)
      .where(
        and(
          eq(sources.wikiId, wikiId),
          isNull(sources.mergedInto),
          filter.kind ? eq(sources.kind, filter.kind) : undefined,
          pattern
            ? or(
                sql`${sources.title} LIKE ${pattern} ESCAPE '\\'`,
                sql`${sources.shortTitle} LIKE ${pattern} ESCAPE '\\'`,
                sql`${sources.fields} LIKE ${pattern} ESCAPE '\\'`,
              )
            : undefined,
        ),
      )
      // In the order people read them: lists show the short title where there is one.
      .orderBy(sql`coalesce(nullif(${sources.shortTitle}, ''), ${sources.title}) COLLATE NOCASE`)
      .all()
  );
}

/** Every source of the wiki, merged ones included (citations in documents may still name them). */
// Every page view words its footnotes from these: built once (db/prepared.ts).
const sourcesOfWiki = preparedQuery((db) =>
  db
    .select()
    .from(sources)
    .where(eq(sources.wikiId, sql.placeholder("wikiId")))
    .prepare(),
);

export function listAllSources(wikiId: string): Source[] {
  return sourcesOfWiki().all({ wikiId });
}

/** Live sources of the wiki with this identity, other than `exceptId`: the duplicates to flag. */
export function findDuplicateSources(wikiId: string, dedupeKey: string, exceptId?: string): Source[] {
  return getDb()
    .select()
    .from(sources)
    .where(
      and(
        eq(sources.wikiId, wikiId),
        eq(sources.dedupeKey, dedupeKey),
        isNull(sources.mergedInto),
        exceptId ? sql`${sources.id} != ${exceptId}` : undefined,
      ),
    )
    .all();
}

/**
 * Merges `fromId` into `intoId`: the duplicate (and anything merged into it before) now points at
 * the survivor. Page documents keep citing the old id and resolve through `merged_into`.
 */
export function mergeSourceRows(fromId: string, intoId: string): void {
  writeTransaction(() => {
    getDb().update(sources).set({ mergedInto: intoId, updatedAt: laterThanBefore() }).where(eq(sources.mergedInto, fromId)).run();
    getDb().update(sources).set({ mergedInto: intoId, updatedAt: laterThanBefore() }).where(eq(sources.id, fromId)).run();
  });
}

/** Replaces a page's derived citation rows (see lib/citations/refresh.ts). */
export function replacePageCitations(pageId: string, wikiId: string, rows: Omit<PageCitation, "pageId" | "wikiId">[]): void {
  writeTransaction(() => {
    getDb().delete(pageCitations).where(eq(pageCitations.pageId, pageId)).run();
    if (rows.length > 0)
      getDb()
        .insert(pageCitations)
        .values(rows.map((row) => ({ ...row, pageId, wikiId })))
        .run();
  });
}

export type CitingPlace = {
  pageId: string;
  pageTitle: string;
  pageSlug: string;
  ordinal: number;
  pinpoint: string;
  blockId: string | null;
  context: string;
};

/** Where any of `sourceIds` is cited, on live pages, in page order then document order. */
export function listCitingPlaces(sourceIds: string[]): CitingPlace[] {
  if (sourceIds.length === 0) return [];
  return getDb()
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
    .orderBy(asc(pages.title), asc(pageCitations.ordinal))
    .all();
}

/** Ids of sources merged (directly or through others) into `sourceId`. */
export function listMergedInto(sourceId: string): string[] {
  return getDb()
    .select({ id: sources.id })
    .from(sources)
    .where(eq(sources.mergedInto, sourceId))
    .all()
    .map((row) => row.id);
}
