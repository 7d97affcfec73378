import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import { containsPattern } from "./like-pattern";
import * as postgres from "../postgres/queries/sources";
import { preparedQuery } from "../prepared";
import { pageCitations, pages, sources, type PageCitation, type Source } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export type NewSource = typeof sources.$inferInsert;

export type SourcePatch = Partial<Pick<Source, "kind" | "title" | "shortTitle" | "fields" | "url" | "notes" | "dedupeKey">>;

export type SourceFilter = { kind?: Source["kind"]; q?: string };

export const insertSource = perDialect(
  (db: Db, row: NewSource): Source => db.insert(sources).values(row).returning().get(),
  postgres.insertSource,
);

/**
 * A change's updated_at: now, but always after the row's previous one, even within one
 * millisecond or when the clock steps back, so sourcesStamp changes with every change.
 */
const laterThanBefore = () => sql<Date>`max(${Date.now()}, ${sources.updatedAt} + 1)`;

/**
 * Changes whenever a source of the wiki is added, reworded or merged (updated_at only grows, see
 * laterThanBefore): the key under which footnote wording can be reused (lib/pages/render-cache.ts).
 */
export const sourcesStamp = perDialect((_db: Db, wikiId: string): string => {
  const row = sourcesStampOf().get({ wikiId })!;
  return `${row.n}:${row.sum}`;
}, postgres.sourcesStamp);

// Every page view reads it: built once (db/prepared.ts).
const sourcesStampOf = preparedQuery((db) =>
  db
    .select({ n: sql<number>`count(*)`, sum: sql<number>`coalesce(sum(${sources.updatedAt}), 0)` })
    .from(sources)
    .where(eq(sources.wikiId, sql.placeholder("wikiId")))
    .prepare(),
);

export const updateSourceRow = perDialect(
  (db: Db, id: string, patch: SourcePatch): Source | undefined =>
    db
      .update(sources)
      .set({ ...patch, updatedAt: laterThanBefore() })
      .where(eq(sources.id, id))
      .returning()
      .get(),
  postgres.updateSourceRow,
);

export const findSource = perDialect(
  (db: Db, id: string): Source | undefined => db.select().from(sources).where(eq(sources.id, id)).get(),
  postgres.findSource,
);

/** A wiki's live sources (not merged away), by title; optionally of one kind and/or matching `q`. */
export const listSources = perDialect((db: Db, wikiId: string, filter: SourceFilter = {}): Source[] => {
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
}, postgres.listSources);

/** Every source of the wiki, merged ones included (citations in documents may still name them). */
export const listAllSources = perDialect((_db: Db, wikiId: string): Source[] => sourcesOfWiki().all({ wikiId }), postgres.listAllSources);

// Every page view words its footnotes from these: built once (db/prepared.ts).
const sourcesOfWiki = preparedQuery((db) =>
  db
    .select()
    .from(sources)
    .where(eq(sources.wikiId, sql.placeholder("wikiId")))
    .prepare(),
);

/** Live sources of the wiki with this identity, other than `exceptId`: the duplicates to flag. */
export const findDuplicateSources = perDialect(
  (db: Db, wikiId: string, dedupeKey: string, exceptId?: string): Source[] =>
    db
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
      .all(),
  postgres.findDuplicateSources,
);

/**
 * Merges `fromId` into `intoId`: the duplicate (and anything merged into it before) now points at
 * the survivor, in one statement. Page documents keep citing the old id and resolve through
 * `merged_into`.
 */
export const mergeSourceRows = perDialect(
  (db: Db, fromId: string, intoId: string): void =>
    void db
      .update(sources)
      .set({ mergedInto: intoId, updatedAt: laterThanBefore() })
      .where(or(eq(sources.id, fromId), eq(sources.mergedInto, fromId)))
      .run(),
  postgres.mergeSourceRows,
);

/**
 * Replaces a page's derived citation rows (see lib/citations/refresh.ts), in one transaction of
 * its own: synchronous on SQLite, so the collab server's group commit is never kept waiting.
 */
export const replacePageCitations = perDialect(
  (db: Db, pageId: string, wikiId: string, rows: Omit<PageCitation, "pageId" | "wikiId">[]): void =>
    db.transaction((tx) => {
      tx.delete(pageCitations).where(eq(pageCitations.pageId, pageId)).run();
      if (rows.length > 0)
        tx.insert(pageCitations)
          .values(rows.map((row) => ({ ...row, pageId, wikiId })))
          .run();
    }),
  postgres.replacePageCitations,
);

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
export const listCitingPlaces = perDialect((db: Db, sourceIds: string[]): CitingPlace[] => {
  if (sourceIds.length === 0) return [];
  return db
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
}, postgres.listCitingPlaces);

/** Ids of sources merged (directly or through others) into `sourceId`. */
export const listMergedInto = perDialect(
  (db: Db, sourceId: string): string[] =>
    db
      .select({ id: sources.id })
      .from(sources)
      .where(eq(sources.mergedInto, sourceId))
      .all()
      .map((row) => row.id),
  postgres.listMergedInto,
);
