import { createHash } from "node:crypto";
import { toFtsQuery, toTitleFtsQuery } from "@/lib/search/query";
import { getDbHandle, type Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/search";

// FTS5 virtual tables are outside drizzle's schema language, so this module speaks SQL directly
// (still behind db/, like every other query): fixed statements with bound parameters only, as
// the ESLint rule in eslint.config.mjs requires of every prepared statement.
//
// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries/search.ts
// (a tsvector index with the same features). The SQLite implementations ignore their `db` and
// use the raw connection, which perDialect has made the right one (the open transaction's, or
// the process's when none is open).

export type SearchKind = "page" | "comment";

/**
 * Entries live at a rowid derived from what they index, so replacing one is a rowid lookup.
 * The kind/ref_id/page_id columns are UNINDEXED: a `WHERE ref_id = ?` reads every row of the
 * index, which made each compaction and each comment cost a scan of the whole index (the search
 * benchmark took minutes to build its index). Derived rowids start at 2^62; rows written
 * before (the migration's backfill, numbered from 1) sit below it and are found the old way, a
 * scan that only covers them and shrinks as they are rewritten. Two entries whose hashes collide
 * (61 bits: odds about n²/2^62, 2·10^-7 for a million entries) would replace each other until
 * the other is indexed again.
 */
const DERIVED_ROWIDS = 1n << 62n;

function entryRowid(kind: SearchKind, refId: string): bigint {
  const digest = createHash("sha256").update(`${kind}:${refId}`).digest();
  return DERIVED_ROWIDS + (digest.readBigUInt64BE(0) >> 3n);
}

/**
 * The token that marks a wiki's entries in the `scope` column: "w" and the id's bytes in hex,
 * because ids may hold "-" and "_", which the tokenizer would split on. The migration computes
 * the same with `'w' || lower(hex(wiki_id))`.
 */
export function scopeToken(wikiId: string): string {
  return `w${Buffer.from(wikiId, "utf8").toString("hex")}`;
}

function replaceEntry(entry: { kind: SearchKind; refId: string; wikiId: string; pageId: string; title: string; body: string }): void {
  const { sqlite } = getDbHandle();
  const rowid = entryRowid(entry.kind, entry.refId);
  const scope = scopeToken(entry.wikiId);
  sqlite.prepare("DELETE FROM search_index WHERE rowid = ?").run(rowid);
  sqlite.prepare("DELETE FROM search_index WHERE rowid < ? AND kind = ? AND ref_id = ?").run(DERIVED_ROWIDS, entry.kind, entry.refId);
  sqlite
    .prepare("INSERT INTO search_index (rowid, kind, ref_id, wiki_id, page_id, title, body, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(rowid, entry.kind, entry.refId, entry.wikiId, entry.pageId, entry.title, entry.body, scope);
  if (entry.kind !== "page") return;
  removeTitleEntry(entry.refId);
  sqlite
    .prepare("INSERT INTO search_titles (rowid, page_id, wiki_id, title, scope) VALUES (?, ?, ?, ?, ?)")
    .run(rowid, entry.refId, entry.wikiId, entry.title, scope);
}

/** The page's row in the title index (see migration 0008), at its derived rowid or, from the backfill, below. */
function removeTitleEntry(pageId: string): void {
  const { sqlite } = getDbHandle();
  sqlite.prepare("DELETE FROM search_titles WHERE rowid = ?").run(entryRowid("page", pageId));
  sqlite.prepare("DELETE FROM search_titles WHERE rowid < ? AND page_id = ?").run(DERIVED_ROWIDS, pageId);
}

/** Replaces a page's entry (title and compacted text); after a rename, its comments carry the new title. */
export const upsertPageEntry = perDialect(sqliteUpsertPageEntry, postgres.upsertPageEntry);

function sqliteUpsertPageEntry(_db: Db, page: { id: string; wikiId: string; title: string }, text: string): void {
  const { sqlite } = getDbHandle();
  // IMMEDIATE: this transaction reads before it writes, and a deferred one would fail at once
  // (SQLITE_BUSY, no waiting) if another connection wrote in between.
  sqlite
    .transaction(() => {
      const previous = (sqlite.prepare("SELECT title FROM search_index WHERE rowid = ?").get(entryRowid("page", page.id)) ??
        sqlite.prepare("SELECT title FROM search_index WHERE rowid < ? AND kind = 'page' AND ref_id = ?").get(DERIVED_ROWIDS, page.id)) as
        { title: string } | undefined;
      replaceEntry({ kind: "page", refId: page.id, wikiId: page.wikiId, pageId: page.id, title: page.title, body: text });
      // Comments carry their page's title, for display and title ranking. Finding them is a scan,
      // so only after a rename. A page without an entry (new, or back from the trash) has no
      // indexed comments: they are indexed after it, with its title.
      if (!previous || previous.title === page.title) return;
      sqlite
        .prepare("UPDATE search_index SET title = ? WHERE kind = 'comment' AND page_id = ? AND title != ?")
        .run(page.title, page.id, page.title);
    })
    .immediate();
}

/** Removes a page and its comments from the index (the page went to the trash). */
export const removePageEntries = perDialect(sqliteRemovePageEntries, postgres.removePageEntries);

function sqliteRemovePageEntries(_db: Db, pageId: string): void {
  const { sqlite } = getDbHandle();
  sqlite
    .transaction(() => {
      sqlite.prepare("DELETE FROM search_index WHERE page_id = ?").run(pageId);
      removeTitleEntry(pageId);
    })
    .immediate();
}

export const upsertCommentEntry = perDialect(sqliteUpsertCommentEntry, postgres.upsertCommentEntry);

function sqliteUpsertCommentEntry(_db: Db, comment: { id: string; wikiId: string; pageId: string; pageTitle: string; body: string }): void {
  const { sqlite } = getDbHandle();
  sqlite
    .transaction(() =>
      replaceEntry({
        kind: "comment",
        refId: comment.id,
        wikiId: comment.wikiId,
        pageId: comment.pageId,
        title: comment.pageTitle,
        body: comment.body,
      }),
    )
    .immediate();
}

export const removeCommentEntry = perDialect(sqliteRemoveCommentEntry, postgres.removeCommentEntry);

function sqliteRemoveCommentEntry(_db: Db, commentId: string): void {
  const { sqlite } = getDbHandle();
  sqlite
    .transaction(() => {
      sqlite.prepare("DELETE FROM search_index WHERE rowid = ?").run(entryRowid("comment", commentId));
      sqlite.prepare("DELETE FROM search_index WHERE rowid < ? AND kind = 'comment' AND ref_id = ?").run(DERIVED_ROWIDS, commentId);
    })
    .immediate();
}

export type SearchRow = {
  kind: SearchKind;
  refId: string;
  wikiId: string;
  pageId: string;
  /** Title and snippet with matches between \u0002 and \u0003 (the caller escapes and marks them). */
  title: string;
  snippet: string;
  /** 1 when the whole query matches the page's title (comments never count). */
  titleHit: number;
  rank: number;
};

export type SearchOptions = {
  userId: string;
  /** What the person typed (lib/search/query.ts makes the dialect's query of it). */
  input: string;
  wikiId?: string;
  kind?: SearchKind;
  limit: number;
};

/**
 * The reader's matches: pages whose title matches first, then the rest by rank (title words
 * weighing ten times body words), only in wikis `userId` belongs to and on live pages, at most
 * `limit`. Nothing for a query with nothing searchable in it.
 */
export const searchIndex = perDialect(sqliteSearchIndex, postgres.searchIndex);

/**
 * Runs an FTS5 match restricted to the wikis `userId` is a member of (and to live pages):
 * pages whose title matches `titleMatch` first, then the rest, each by bm25 with title matches
 * weighted 10 to 1.
 *
 * The query shape is what makes this fast (see bench/README.md, search):
 * - The reader's wikis are part of the MATCH (`scope : ("w…" OR …)`), so FTS5 intersects
 *   doclists and scores only entries the reader may see. bm25 has to score every match before
 *   the best can be returned, and for a word found in nearly every entry that scoring is
 *   almost the whole cost; scoring other wikis' entries only to filter them out doubled it.
 *   The membership test in SQL stays as the authoritative filter.
 * - Ordered by FTS5's own `rank` (set to the weighted bm25 by `rank MATCH`), FTS5 sorts rowids
 *   by score and hands rows over best-first, so the SQL filters, the row loads and the
 *   highlight()/snippet() markup stop as soon as `limit` rows pass. (Ordering by an expression
 *   made SQLite compute all of them for every match, 5–12× the cost of the bare match.)
 * - Title-first ordering therefore takes two such queries: title hits, then everything else.
 */
function sqliteSearchIndex(_db: Db, search: SearchOptions): SearchRow[] {
  const fts = toFtsQuery(search.input);
  const titleFts = toTitleFtsQuery(search.input);
  if (!fts || !titleFts) return [];
  const options = { ...search, match: fts, titleMatch: titleFts };
  const { sqlite } = getDbHandle();
  const memberOf = (
    sqlite.prepare("SELECT wiki_id AS wikiId FROM wiki_members WHERE user_id = ?").all(options.userId) as { wikiId: string }[]
  ).map((row) => row.wikiId);
  const wikiIds = options.wikiId ? memberOf.filter((id) => id === options.wikiId) : memberOf;
  if (wikiIds.length === 0) return [];
  // Narrow inside FTS5 when the reader sees a minority of the wikis (or asked for one): then
  // most matches are not theirs. When they see most of them, the OR over their scope tokens
  // costs bm25 more per row than it saves, and filtering in rank order is cheaper.
  const { wikis } = sqlite.prepare("SELECT count(*) AS wikis FROM wikis").get() as { wikis: number };
  const scoped = (clause: string) =>
    options.wikiId || wikiIds.length * 2 < wikis
      ? `scope : (${wikiIds.map((id) => `"${scopeToken(id)}"`).join(" OR ")}) AND (${clause})`
      : clause;
  // The user's terms go to the title and body only: a term must never match a scope token.
  const match = scoped(`{title body} : (${options.match})`);

  // One fixed statement, run twice (title hits, then the rest): every value, the optional
  // filters included, is a bound parameter, and the FTS5 queries in @match were built by
  // toFtsQuery / toTitleFtsQuery (every term quoted) and scopeToken (hex digits).
  const ranked = sqlite.prepare(
    `SELECT search_index.kind AS kind, search_index.ref_id AS refId, search_index.wiki_id AS wikiId, search_index.page_id AS pageId,
            highlight(search_index, 4, char(2), char(3)) AS title,
            snippet(search_index, 5, char(2), char(3), '…', 24) AS snippet,
            rank
     FROM search_index
     WHERE search_index MATCH @match AND rank MATCH 'bm25(0, 0, 0, 0, 10.0, 1.0, 0)'
       AND search_index.wiki_id IN (SELECT wiki_id FROM wiki_members WHERE user_id = @userId)
       AND search_index.page_id NOT IN (SELECT id FROM pages WHERE deleted_at IS NOT NULL)
       AND (@wikiId IS NULL OR search_index.wiki_id = @wikiId)
       AND (@kind IS NULL OR search_index.kind = @kind)
       AND NOT (search_index.kind = 'page' AND search_index.ref_id IN (SELECT value FROM json_each(@exclude)))
     ORDER BY rank LIMIT @limit`,
  );
  const run = (match: string, kind: SearchKind | null, limit: number, exclude: string[]) =>
    ranked.all({ userId: options.userId, wikiId: options.wikiId ?? null, kind, match, limit, exclude: JSON.stringify(exclude) }) as Omit<
      SearchRow,
      "titleHit"
    >[];
  const titleHits = options.kind === "comment" ? [] : findTitleHits({ ...options, match: scoped(options.titleMatch) });
  const rest =
    titleHits.length >= options.limit
      ? []
      : run(
          match,
          options.kind ?? null,
          options.limit - titleHits.length,
          titleHits.map((row) => row.refId),
        );
  return [...titleHits.map((row) => ({ ...row, titleHit: 1 })), ...rest.map((row) => ({ ...row, titleHit: 0 }))];
}

/** Words of a page's text shown under a title hit (the body may not contain the query at all). */
const OPENING_CHARS = 240;

/**
 * Pages whose title matches, from the title index: a few tokens per page, so a phrase or a
 * prefix costs next to nothing there, where on the full index it meant matching the query
 * against every body a second time. Their snippet is the page's opening words (lib/search
 * marks the query's words in it).
 */
function findTitleHits(options: { userId: string; match: string; wikiId?: string; limit: number }): Omit<SearchRow, "titleHit">[] {
  const { sqlite } = getDbHandle();
  const hits = sqlite
    .prepare(
      `SELECT search_titles.page_id AS refId, search_titles.wiki_id AS wikiId, highlight(search_titles, 2, char(2), char(3)) AS title, rank
       FROM search_titles
       WHERE search_titles MATCH @match AND rank MATCH 'bm25(0, 0, 1.0, 0)'
         AND search_titles.wiki_id IN (SELECT wiki_id FROM wiki_members WHERE user_id = @userId)
         AND search_titles.page_id NOT IN (SELECT id FROM pages WHERE deleted_at IS NOT NULL)
         AND (@wikiId IS NULL OR search_titles.wiki_id = @wikiId)
       ORDER BY rank LIMIT @limit`,
    )
    .all({ match: options.match, userId: options.userId, wikiId: options.wikiId ?? null, limit: options.limit }) as {
    refId: string;
    wikiId: string;
    title: string;
    rank: number;
  }[];
  if (hits.length === 0) return [];
  const openings = new Map(
    (
      sqlite
        .prepare(
          "SELECT page_id AS pageId, substr(text, 1, @chars) AS opening, length(text) > @chars AS more FROM page_contents WHERE page_id IN (SELECT value FROM json_each(@ids))",
        )
        .all({ chars: OPENING_CHARS, ids: JSON.stringify(hits.map((hit) => hit.refId)) }) as {
        pageId: string;
        opening: string;
        more: number;
      }[]
    ).map((row) => [row.pageId, row.more ? `${row.opening.replace(/\s+\S*$/, "")}…` : row.opening]),
  );
  return hits.map((hit) => ({
    kind: "page",
    refId: hit.refId,
    wikiId: hit.wikiId,
    pageId: hit.refId,
    title: hit.title,
    snippet: (openings.get(hit.refId) ?? "").replace(/\s+/g, " "),
    rank: hit.rank,
  }));
}
