import { and, asc, desc, eq, inArray, isNotNull, isNull, max, sql } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/pages";
import { preparedQuery } from "../prepared";
import { pageContents, pageSlugRedirects, pages, type Page } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export type PageSummary = Pick<Page, "id" | "wikiId" | "parentId" | "title" | "slug" | "position" | "updatedAt">;

const summaryColumns = {
  id: pages.id,
  wikiId: pages.wikiId,
  parentId: pages.parentId,
  title: pages.title,
  slug: pages.slug,
  position: pages.position,
  updatedAt: pages.updatedAt,
};

// Page views run these on every request: built once (db/prepared.ts).
const pageById = preparedQuery((db) =>
  db
    .select()
    .from(pages)
    .where(eq(pages.id, sql.placeholder("id")))
    .prepare(),
);
const pageBySlug = preparedQuery((db) =>
  db
    .select()
    .from(pages)
    .where(and(eq(pages.wikiId, sql.placeholder("wikiId")), eq(pages.slug, sql.placeholder("slug"))))
    .prepare(),
);
const livePages = preparedQuery((db) =>
  db
    .select(summaryColumns)
    .from(pages)
    .where(and(eq(pages.wikiId, sql.placeholder("wikiId")), isNull(pages.deletedAt)))
    .orderBy(asc(pages.position), asc(pages.title))
    .prepare(),
);

const sqliteFindPageById = (_db: Db, id: string): Page | undefined => pageById().get({ id });
const sqliteListPages = (_db: Db, wikiId: string): PageSummary[] => livePages().all({ wikiId });

export const findPageById = perDialect(sqliteFindPageById, postgres.findPageById);

/** Where each of `ids` lives and whether it is in the trash, in one query (missing ids: gone). */
export type PageAccessState = { id: string; wikiId: string; trashed: boolean };

export const findPageAccessStates = perDialect(
  (db: Db, ids: string[]): PageAccessState[] =>
    ids.length === 0
      ? []
      : db
          .select({ id: pages.id, wikiId: pages.wikiId, deletedAt: pages.deletedAt })
          .from(pages)
          .where(inArray(pages.id, ids))
          .all()
          .map((row) => ({ id: row.id, wikiId: row.wikiId, trashed: row.deletedAt !== null })),
  postgres.findPageAccessStates,
);

export const findPageBySlug = perDialect(
  (_db: Db, wikiId: string, slug: string): Page | undefined => pageBySlug().get({ wikiId, slug }),
  postgres.findPageBySlug,
);

/** The page an old slug used to name, if it was renamed since. */
export const findRedirect = perDialect(
  (db: Db, wikiId: string, slug: string): string | undefined =>
    db
      .select({ pageId: pageSlugRedirects.pageId })
      .from(pageSlugRedirects)
      .where(and(eq(pageSlugRedirects.wikiId, wikiId), eq(pageSlugRedirects.slug, slug)))
      .get()?.pageId,
  postgres.findRedirect,
);

export const slugInUse = perDialect((db: Db, wikiId: string, slug: string): boolean => {
  const page = db
    .select({ id: pages.id })
    .from(pages)
    .where(and(eq(pages.wikiId, wikiId), eq(pages.slug, slug)))
    .get();
  if (page) return true;
  return !!db
    .select({ s: pageSlugRedirects.slug })
    .from(pageSlugRedirects)
    .where(and(eq(pageSlugRedirects.wikiId, wikiId), eq(pageSlugRedirects.slug, slug)))
    .get();
}, postgres.slugInUse);

/** Live (not trashed) pages of a wiki, by position among siblings (lib/pages/tree.ts nests them). */
export const listPages = perDialect(sqliteListPages, postgres.listPages);

export const listTrashedPages = perDialect(
  (db: Db, wikiId: string): (PageSummary & { deletedAt: Date | null })[] =>
    db
      .select({ ...summaryColumns, deletedAt: pages.deletedAt })
      .from(pages)
      .where(and(eq(pages.wikiId, wikiId), isNotNull(pages.deletedAt)))
      .orderBy(desc(pages.deletedAt))
      .all(),
  postgres.listTrashedPages,
);

export const nextSiblingPosition = perDialect((db: Db, wikiId: string, parentId: string | null): number => {
  const row = db
    .select({ p: max(pages.position) })
    .from(pages)
    .where(and(eq(pages.wikiId, wikiId), parentId ? eq(pages.parentId, parentId) : isNull(pages.parentId)))
    .get();
  return (row?.p ?? 0) + 1;
}, postgres.nextSiblingPosition);

export const insertPage = perDialect(
  (
    db: Db,
    page: { id: string; wikiId: string; parentId: string | null; title: string; slug: string; position: number; createdBy: string },
  ): Page => db.insert(pages).values(page).returning().get(),
  postgres.insertPage,
);

export const updatePageFields = perDialect(
  (db: Db, id: string, fields: Partial<Pick<Page, "title" | "slug" | "parentId" | "position">>): void =>
    void db
      .update(pages)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(pages.id, id))
      .run(),
  postgres.updatePageFields,
);

export const insertRedirect = perDialect(
  (db: Db, wikiId: string, slug: string, pageId: string): void =>
    void db
      .insert(pageSlugRedirects)
      .values({ wikiId, slug, pageId })
      .onConflictDoUpdate({ target: [pageSlugRedirects.wikiId, pageSlugRedirects.slug], set: { pageId } })
      .run(),
  postgres.insertRedirect,
);

/** A page's own current slug must never also be a redirect (it would shadow nothing, but confuse). */
export const deleteRedirect = perDialect(
  (db: Db, wikiId: string, slug: string): void =>
    void db
      .delete(pageSlugRedirects)
      .where(and(eq(pageSlugRedirects.wikiId, wikiId), eq(pageSlugRedirects.slug, slug)))
      .run(),
  postgres.deleteRedirect,
);

export const setPagesTrashed = perDialect((db: Db, ids: string[], deletedBy: string | null): void => {
  if (ids.length === 0) return;
  const deletedAt = deletedBy ? new Date() : null;
  for (const id of ids) db.update(pages).set({ deletedAt, deletedBy }).where(eq(pages.id, id)).run();
}, postgres.setPagesTrashed);

export const touchPage = perDialect(
  (db: Db, id: string): void =>
    void db
      .update(pages)
      .set({ updatedAt: sql`(unixepoch() * 1000)` })
      .where(eq(pages.id, id))
      .run(),
  postgres.touchPage,
);

export const countPageContents = perDialect(
  (db: Db): number =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(pageContents)
      .get()?.n ?? 0,
  postgres.countPageContents,
);
