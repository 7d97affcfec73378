import { and, asc, desc, eq, isNotNull, isNull, max, sql } from "drizzle-orm";
import { getDb } from "../client";
import { preparedQuery } from "../prepared";
import { pageContents, pageSlugRedirects, pages, type Page } from "../schema";

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

export function findPageById(id: string): Page | undefined {
  return pageById().get({ id });
}

export function findPageBySlug(wikiId: string, slug: string): Page | undefined {
  return pageBySlug().get({ wikiId, slug });
}

/** The page an old slug used to name, if it was renamed since. */
export function findRedirect(wikiId: string, slug: string): string | undefined {
  return getDb()
    .select({ pageId: pageSlugRedirects.pageId })
    .from(pageSlugRedirects)
    .where(and(eq(pageSlugRedirects.wikiId, wikiId), eq(pageSlugRedirects.slug, slug)))
    .get()?.pageId;
}

export function slugInUse(wikiId: string, slug: string): boolean {
  const db = getDb();
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
}

/** Live (not trashed) pages of a wiki, by position among siblings (lib/pages/tree.ts nests them). */
export function listPages(wikiId: string): PageSummary[] {
  return livePages().all({ wikiId });
}

export function listTrashedPages(wikiId: string): (PageSummary & { deletedAt: Date | null })[] {
  return getDb()
    .select({ ...summaryColumns, deletedAt: pages.deletedAt })
    .from(pages)
    .where(and(eq(pages.wikiId, wikiId), isNotNull(pages.deletedAt)))
    .orderBy(desc(pages.deletedAt))
    .all();
}

export function nextSiblingPosition(wikiId: string, parentId: string | null): number {
  const row = getDb()
    .select({ p: max(pages.position) })
    .from(pages)
    .where(and(eq(pages.wikiId, wikiId), parentId ? eq(pages.parentId, parentId) : isNull(pages.parentId)))
    .get();
  return (row?.p ?? 0) + 1;
}

export function insertPage(page: {
  id: string;
  wikiId: string;
  parentId: string | null;
  title: string;
  slug: string;
  position: number;
  createdBy: string;
}): Page {
  return getDb().insert(pages).values(page).returning().get();
}

export function updatePageFields(id: string, fields: Partial<Pick<Page, "title" | "slug" | "parentId" | "position">>): void {
  getDb()
    .update(pages)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(pages.id, id))
    .run();
}

export function insertRedirect(wikiId: string, slug: string, pageId: string): void {
  getDb()
    .insert(pageSlugRedirects)
    .values({ wikiId, slug, pageId })
    .onConflictDoUpdate({ target: [pageSlugRedirects.wikiId, pageSlugRedirects.slug], set: { pageId } })
    .run();
}

/** A page's own current slug must never also be a redirect (it would shadow nothing, but confuse). */
export function deleteRedirect(wikiId: string, slug: string): void {
  getDb()
    .delete(pageSlugRedirects)
    .where(and(eq(pageSlugRedirects.wikiId, wikiId), eq(pageSlugRedirects.slug, slug)))
    .run();
}

export function setPagesTrashed(ids: string[], deletedBy: string | null): void {
  if (ids.length === 0) return;
  const deletedAt = deletedBy ? new Date() : null;
  for (const id of ids) getDb().update(pages).set({ deletedAt, deletedBy }).where(eq(pages.id, id)).run();
}

export function touchPage(id: string): void {
  getDb()
    .update(pages)
    .set({ updatedAt: sql`(unixepoch() * 1000)` })
    .where(eq(pages.id, id))
    .run();
}

export function countPageContents(): number {
  return (
    getDb()
      .select({ n: sql<number>`count(*)` })
      .from(pageContents)
      .get()?.n ?? 0
  );
}
