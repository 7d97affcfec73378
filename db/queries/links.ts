import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { perDialect } from "@/db/executor";
import * as postgres from "@/db/postgres/queries/links";
import { preparedQuery } from "@/db/prepared";
import { pageLinks, pages } from "@/db/schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export type LinkRow = { ordinal: number; targetPageId: string | null; targetTitle: string; blockId: string | null; context: string };

/**
 * Replaces a page's links with what its content holds now, in one transaction of its own (derived
 * data): synchronous on SQLite, so the collab server's group commit is never kept waiting.
 */
export const replacePageLinks = perDialect(
  (db: Db, sourcePageId: string, wikiId: string, links: LinkRow[]): void =>
    db.transaction((tx) => {
      tx.delete(pageLinks).where(eq(pageLinks.sourcePageId, sourcePageId)).run();
      if (links.length)
        tx.insert(pageLinks)
          .values(links.map((link) => ({ ...link, sourcePageId, wikiId })))
          .run();
    }),
  postgres.replacePageLinks,
);

export type Backlink = { pageId: string; pageTitle: string; pageSlug: string; blockId: string | null; context: string };

/**
 * Pages (not in the trash) whose links point at `page`: by id, or by title for links written
 * before the page existed. Title matching is case-insensitive (ASCII), like the link picker.
 */
export const listBacklinks = perDialect(
  (_db: Db, page: { id: string; wikiId: string; title: string }): Backlink[] =>
    backlinksOf().all({ id: page.id, wikiId: page.wikiId, title: page.title }),
  postgres.listBacklinks,
);

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

export const listLinksFrom = perDialect(
  (db: Db, sourcePageId: string): LinkRow[] =>
    db
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
      .all(),
  postgres.listLinksFrom,
);
