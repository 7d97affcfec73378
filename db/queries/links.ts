import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { pageLinks, pages } from "@/db/schema";

export type LinkRow = { ordinal: number; targetPageId: string | null; targetTitle: string; blockId: string | null; context: string };

/** Replaces a page's links with what its content holds now (one transaction, derived data). */
export function replacePageLinks(sourcePageId: string, wikiId: string, links: LinkRow[]): void {
  const db = getDb();
  db.transaction((tx) => {
    tx.delete(pageLinks).where(eq(pageLinks.sourcePageId, sourcePageId)).run();
    if (links.length)
      tx.insert(pageLinks)
        .values(links.map((link) => ({ ...link, sourcePageId, wikiId })))
        .run();
  });
}

export type Backlink = { pageId: string; pageTitle: string; pageSlug: string; blockId: string | null; context: string };

/**
 * Pages (not in the trash) whose links point at `page`: by id, or by title for links written
 * before the page existed. Title matching is case-insensitive (ASCII), like the link picker.
 */
// Every page view lists its backlinks: built once (db/prepared.ts).
const backlinksOf = preparedQuery((db) => {
  const id = sql.placeholder("id");
  return db
    .select({ pageId: pages.id, pageTitle: pages.title, pageSlug: pages.slug, blockId: pageLinks.blockId, context: pageLinks.context })
    .from(pageLinks)
    .innerJoin(pages, eq(pages.id, pageLinks.sourcePageId))
    .where(
      and(
        eq(pageLinks.wikiId, sql.placeholder("wikiId")),
        isNull(pages.deletedAt),
        sql`${pageLinks.sourcePageId} <> ${id}`,
        or(
          eq(pageLinks.targetPageId, id),
          and(isNull(pageLinks.targetPageId), sql`${pageLinks.targetTitle} = ${sql.placeholder("title")} COLLATE NOCASE`),
        ),
      ),
    )
    .orderBy(asc(pages.title), asc(pageLinks.ordinal))
    .prepare();
});

export function listBacklinks(page: { id: string; wikiId: string; title: string }): Backlink[] {
  return backlinksOf().all({ id: page.id, wikiId: page.wikiId, title: page.title });
}

export function listLinksFrom(sourcePageId: string): LinkRow[] {
  return getDb()
    .select({
      ordinal: pageLinks.ordinal,
      targetPageId: pageLinks.targetPageId,
      targetTitle: pageLinks.targetTitle,
      blockId: pageLinks.blockId,
      context: pageLinks.context,
    })
    .from(pageLinks)
    .where(eq(pageLinks.sourcePageId, sourcePageId))
    .orderBy(asc(pageLinks.ordinal))
    .all();
}
