import { and, asc, desc, eq, inArray, isNotNull, isNull, max, sql } from "drizzle-orm";
import type { Page } from "../../schema";
import type { PageAccessState, PageSummary } from "../../queries/pages";
import type { PgExecutor } from "../client";
import { pageContents, pageSlugRedirects, pages } from "../schema";

/** PostgreSQL side of db/queries/pages.ts (the comments there say what each does). */

const summaryColumns = {
  id: pages.id,
  wikiId: pages.wikiId,
  parentId: pages.parentId,
  title: pages.title,
  slug: pages.slug,
  position: pages.position,
  updatedAt: pages.updatedAt,
};

export async function findPageById(db: PgExecutor, id: string): Promise<Page | undefined> {
  const [row] = await db.select().from(pages).where(eq(pages.id, id));
  return row;
}

export async function findPageAccessStates(db: PgExecutor, ids: string[]): Promise<PageAccessState[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: pages.id, wikiId: pages.wikiId, deletedAt: pages.deletedAt })
    .from(pages)
    .where(inArray(pages.id, ids));
  return rows.map((row) => ({ id: row.id, wikiId: row.wikiId, trashed: row.deletedAt !== null }));
}

export async function findPageBySlug(db: PgExecutor, wikiId: string, slug: string): Promise<Page | undefined> {
  const [row] = await db
    .select()
    .from(pages)
    .where(and(eq(pages.wikiId, wikiId), eq(pages.slug, slug)));
  return row;
}

export async function findRedirect(db: PgExecutor, wikiId: string, slug: string): Promise<string | undefined> {
  const [row] = await db
    .select({ pageId: pageSlugRedirects.pageId })
    .from(pageSlugRedirects)
    .where(and(eq(pageSlugRedirects.wikiId, wikiId), eq(pageSlugRedirects.slug, slug)));
  return row?.pageId;
}

export async function slugInUse(db: PgExecutor, wikiId: string, slug: string): Promise<boolean> {
  const [page] = await db
    .select({ id: pages.id })
    .from(pages)
    .where(and(eq(pages.wikiId, wikiId), eq(pages.slug, slug)));
  if (page) return true;
  const [redirect] = await db
    .select({ s: pageSlugRedirects.slug })
    .from(pageSlugRedirects)
    .where(and(eq(pageSlugRedirects.wikiId, wikiId), eq(pageSlugRedirects.slug, slug)));
  return !!redirect;
}

export async function listPages(db: PgExecutor, wikiId: string): Promise<PageSummary[]> {
  return db
    .select(summaryColumns)
    .from(pages)
    .where(and(eq(pages.wikiId, wikiId), isNull(pages.deletedAt)))
    .orderBy(asc(pages.position), asc(pages.title));
}

export async function listTrashedPages(db: PgExecutor, wikiId: string): Promise<(PageSummary & { deletedAt: Date | null })[]> {
  return db
    .select({ ...summaryColumns, deletedAt: pages.deletedAt })
    .from(pages)
    .where(and(eq(pages.wikiId, wikiId), isNotNull(pages.deletedAt)))
    .orderBy(desc(pages.deletedAt));
}

export async function nextSiblingPosition(db: PgExecutor, wikiId: string, parentId: string | null): Promise<number> {
  const [row] = await db
    .select({ p: max(pages.position) })
    .from(pages)
    .where(and(eq(pages.wikiId, wikiId), parentId ? eq(pages.parentId, parentId) : isNull(pages.parentId)));
  return (row?.p ?? 0) + 1;
}

export async function insertPage(
  db: PgExecutor,
  page: { id: string; wikiId: string; parentId: string | null; title: string; slug: string; position: number; createdBy: string },
): Promise<Page> {
  const [row] = await db.insert(pages).values(page).returning();
  return row;
}

export async function updatePageFields(
  db: PgExecutor,
  id: string,
  fields: Partial<Pick<Page, "title" | "slug" | "parentId" | "position">>,
): Promise<void> {
  await db
    .update(pages)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(pages.id, id));
}

export async function insertRedirect(db: PgExecutor, wikiId: string, slug: string, pageId: string): Promise<void> {
  await db
    .insert(pageSlugRedirects)
    .values({ wikiId, slug, pageId })
    .onConflictDoUpdate({ target: [pageSlugRedirects.wikiId, pageSlugRedirects.slug], set: { pageId } });
}

export async function deleteRedirect(db: PgExecutor, wikiId: string, slug: string): Promise<void> {
  await db.delete(pageSlugRedirects).where(and(eq(pageSlugRedirects.wikiId, wikiId), eq(pageSlugRedirects.slug, slug)));
}

export async function setPagesTrashed(db: PgExecutor, ids: string[], deletedBy: string | null): Promise<void> {
  if (ids.length === 0) return;
  const deletedAt = deletedBy ? new Date() : null;
  await db.update(pages).set({ deletedAt, deletedBy }).where(inArray(pages.id, ids));
}

export async function touchPage(db: PgExecutor, id: string): Promise<void> {
  await db
    .update(pages)
    .set({ updatedAt: sql`now()` })
    .where(eq(pages.id, id));
}

export async function countPageContents(db: PgExecutor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(pageContents);
  return row?.n ?? 0;
}
