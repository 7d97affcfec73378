import { and, eq, sql } from "drizzle-orm";
import { foldForIndex, snippetOf, markTerms, toTsQuery } from "@/lib/search/query";
import type { SearchKind, SearchOptions, SearchRow } from "../../queries/search";
import type { PgExecutor } from "../client";
import { comments, commentThreads, pageContents, pages, searchEntries } from "../schema";

/**
 * Search on PostgreSQL (issue 20) with what db/queries/search.ts gives on SQLite's FTS5: the same
 * entries (pages with their compacted text, comments with their page's title), the same query
 * language (lib/search/query.ts: every term quoted, phrases, prefixes, the last term a prefix),
 * title hits first, then by rank with title words weighing ten times body words, only the
 * reader's wikis and live pages, and titles and snippets marked with \u0002…\u0003.
 * tests/integration/search-postgres.test.ts runs the same searches on both and compares.
 */

type Entry = { kind: SearchKind; refId: string; wikiId: string; pageId: string; title: string; body: string };

async function replaceEntry(db: PgExecutor, entry: Entry): Promise<void> {
  const values = { ...entry, titleTerms: foldForIndex(entry.title), bodyTerms: foldForIndex(entry.body) };
  await db
    .insert(searchEntries)
    .values(values)
    .onConflictDoUpdate({ target: [searchEntries.kind, searchEntries.refId], set: values });
}

/** Replaces a page's entry (title and compacted text); after a rename, its comments carry the new title. */
export async function upsertPageEntry(db: PgExecutor, page: { id: string; wikiId: string; title: string }, text: string): Promise<void> {
  await db.transaction(async (tx) => {
    await replaceEntry(tx, { kind: "page", refId: page.id, wikiId: page.wikiId, pageId: page.id, title: page.title, body: text });
    await tx
      .update(searchEntries)
      .set({ title: page.title, titleTerms: foldForIndex(page.title) })
      .where(and(eq(searchEntries.kind, "comment"), eq(searchEntries.pageId, page.id), sql`${searchEntries.title} <> ${page.title}`));
  });
}

/** Removes a page and its comments from the index (the page went to the trash). */
export async function removePageEntries(db: PgExecutor, pageId: string): Promise<void> {
  await db.delete(searchEntries).where(eq(searchEntries.pageId, pageId));
}

export async function upsertCommentEntry(
  db: PgExecutor,
  comment: { id: string; wikiId: string; pageId: string; pageTitle: string; body: string },
): Promise<void> {
  await replaceEntry(db, {
    kind: "comment",
    refId: comment.id,
    wikiId: comment.wikiId,
    pageId: comment.pageId,
    title: comment.pageTitle,
    body: comment.body,
  });
}

export async function removeCommentEntry(db: PgExecutor, commentId: string): Promise<void> {
  await db.delete(searchEntries).where(and(eq(searchEntries.kind, "comment"), eq(searchEntries.refId, commentId)));
}

/**
 * Builds the index from what the database holds: every live page's compacted text and every
 * comment not deleted. For a database moved from SQLite (migrate-to-postgres copies no index).
 */
export async function rebuildSearchIndex(db: PgExecutor): Promise<{ pages: number; comments: number }> {
  return db.transaction(async (tx) => {
    const live = await tx
      .select({ id: pages.id, wikiId: pages.wikiId, title: pages.title, text: pageContents.text })
      .from(pages)
      .leftJoin(pageContents, eq(pageContents.pageId, pages.id))
      .where(sql`${pages.deletedAt} IS NULL`);
    const notes = await tx
      .select({ id: comments.id, body: comments.body, pageId: pages.id, wikiId: pages.wikiId, title: pages.title })
      .from(comments)
      .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
      .innerJoin(pages, eq(pages.id, commentThreads.pageId))
      .where(sql`${comments.deletedAt} IS NULL AND ${pages.deletedAt} IS NULL`);
    await tx.delete(searchEntries);
    const entries: Entry[] = [
      ...live.map((p) => ({ kind: "page" as const, refId: p.id, wikiId: p.wikiId, pageId: p.id, title: p.title, body: p.text ?? "" })),
      ...notes.map((c) => ({ kind: "comment" as const, refId: c.id, wikiId: c.wikiId, pageId: c.pageId, title: c.title, body: c.body })),
    ];
    for (let i = 0; i < entries.length; i += 500)
      await tx
        .insert(searchEntries)
        .values(entries.slice(i, i + 500).map((e) => ({ ...e, titleTerms: foldForIndex(e.title), bodyTerms: foldForIndex(e.body) })));
    return { pages: live.length, comments: notes.length };
  });
}

/** Words of a page's text shown under a title hit, as on SQLite. */
const OPENING_CHARS = 240;

function opening(text: string): string {
  if (text.length <= OPENING_CHARS) return text.replace(/\s+/g, " ");
  return `${text.slice(0, OPENING_CHARS).replace(/\s+\S*$/, "")}…`.replace(/\s+/g, " ");
}

/**
 * The reader's matches: pages whose title matches first (by title rank), then the rest (by rank,
 * title words weighted 10 to 1, and divided by 1 + log of the entry's length, as bm25 prefers the
 * shorter of two entries with the same matches), at most `limit` in all. `input` is what the
 * person typed.
 */
export async function searchIndex(db: PgExecutor, options: SearchOptions): Promise<SearchRow[]> {
  const query = toTsQuery(options.input);
  if (!query) return [];
  const visible = sql`${searchEntries.wikiId} IN (SELECT wiki_id FROM wiki_members WHERE user_id = ${options.userId})
    AND ${searchEntries.pageId} NOT IN (SELECT id FROM pages WHERE deleted_at IS NOT NULL)
    AND (${options.wikiId ?? null}::text IS NULL OR ${searchEntries.wikiId} = ${options.wikiId ?? null})`;
  const tsquery = sql`to_tsquery('simple', ${query})`;

  const titleHits =
    options.kind === "comment"
      ? []
      : await db
          .select({ refId: searchEntries.refId, wikiId: searchEntries.wikiId, title: searchEntries.title, body: searchEntries.body })
          .from(searchEntries)
          .where(sql`${searchEntries.kind} = 'page' AND ${searchEntries.titleDocument} @@ ${tsquery} AND ${visible}`)
          .orderBy(sql`ts_rank(${searchEntries.titleDocument}, ${tsquery}) DESC`, searchEntries.refId)
          .limit(options.limit);
  const rest =
    titleHits.length >= options.limit
      ? []
      : await db
          .select({
            kind: searchEntries.kind,
            refId: searchEntries.refId,
            wikiId: searchEntries.wikiId,
            pageId: searchEntries.pageId,
            title: searchEntries.title,
            body: searchEntries.body,
            rank: sql<number>`ts_rank('{0, 0, 0.1, 1.0}', ${searchEntries.document}, ${tsquery}, 1)`,
          })
          .from(searchEntries)
          .where(
            sql`${searchEntries.document} @@ ${tsquery} AND ${visible}
              AND (${options.kind ?? null}::text IS NULL OR ${searchEntries.kind} = ${options.kind ?? null})
              AND NOT (${searchEntries.kind} = 'page' AND ${searchEntries.refId} IN (SELECT jsonb_array_elements_text(${JSON.stringify(titleHits.map((hit) => hit.refId))}::jsonb)))`,
          )
          .orderBy(sql`ts_rank('{0, 0, 0.1, 1.0}', ${searchEntries.document}, ${tsquery}, 1) DESC`, searchEntries.refId)
          .limit(options.limit - titleHits.length);

  return [
    ...titleHits.map((hit, i) => ({
      kind: "page" as const,
      refId: hit.refId,
      wikiId: hit.wikiId,
      pageId: hit.refId,
      title: markTerms(hit.title, options.input),
      snippet: opening(hit.body),
      titleHit: 1,
      rank: -(titleHits.length - i),
    })),
    ...rest.map((row) => ({
      kind: row.kind,
      refId: row.refId,
      wikiId: row.wikiId,
      pageId: row.pageId,
      title: markTerms(row.title, options.input),
      snippet: snippetOf(row.body, options.input),
      titleHit: 0,
      rank: -row.rank,
    })),
  ];
}
