import { and, asc, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Backlink, LinkRow } from "../../queries/links";
import type { PgExecutor } from "../client";
import { pageLinks, pages } from "../schema";

/** PostgreSQL side of db/queries/links.ts (the comments there say what each does and why). */

export async function replacePageLinks(db: PgExecutor, sourcePageId: string, wikiId: string, links: LinkRow[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(pageLinks).where(eq(pageLinks.sourcePageId, sourcePageId));
    if (links.length) await tx.insert(pageLinks).values(links.map((link) => ({ ...link, sourcePageId, wikiId })));
  });
}

// Folds ASCII letters only, in the "C" collation, as SQLite's NOCASE does.
const asciiFolded = (value: unknown) => sql`lower(${value} COLLATE "C")`;

export async function listBacklinks(db: PgExecutor, page: { id: string; wikiId: string; title: string }): Promise<Backlink[]> {
  return (
    db
      .select({ pageId: pages.id, pageTitle: pages.title, pageSlug: pages.slug, blockId: pageLinks.blockId, context: pageLinks.context })
      .from(pageLinks)
      .innerJoin(pages, eq(pages.id, pageLinks.sourcePageId))
      .where(
        and(
          eq(pageLinks.wikiId, page.wikiId),
          isNull(pages.deletedAt),
          ne(pageLinks.sourcePageId, page.id),
          or(
            eq(pageLinks.targetPageId, page.id),
            and(isNull(pageLinks.targetPageId), sql`${asciiFolded(pageLinks.targetTitle)} = ${asciiFolded(page.title)}`),
          ),
        ),
      )
      // Titles by code point, as SQLite's BINARY collation orders them.
      .orderBy(sql`${pages.title} COLLATE "C"`, asc(pageLinks.ordinal))
  );
}

export async function listLinksFrom(db: PgExecutor, sourcePageId: string): Promise<LinkRow[]> {
  return db
    .select({
      ordinal: pageLinks.ordinal,
      targetPageId: pageLinks.targetPageId,
      targetTitle: pageLinks.targetTitle,
      blockId: pageLinks.blockId,
      context: pageLinks.context,
    })
    .from(pageLinks)
    .where(eq(pageLinks.sourcePageId, sourcePageId))
    .orderBy(asc(pageLinks.ordinal));
}
