import { getDbHandle } from "../client";

// FTS5 virtual tables are outside drizzle's schema language, so this module speaks SQL directly
// (still behind db/, like every other query): fixed statements with bound parameters only, as
// the ESLint rule in eslint.config.mjs requires of every prepared statement.

export type SearchKind = "page" | "comment";

/** Replaces a page's entry (title and compacted text). */
export function upsertPageEntry(page: { id: string; wikiId: string; title: string }, text: string): void {
  const { sqlite } = getDbHandle();
  sqlite.transaction(() => {
    sqlite.prepare("DELETE FROM search_index WHERE kind = 'page' AND ref_id = ?").run(page.id);
    sqlite.prepare("INSERT INTO search_index (kind, ref_id, wiki_id, page_id, title, body) VALUES ('page', ?, ?, ?, ?, ?)").run(page.id, page.wikiId, page.id, page.title, text);
    // Comments carry their page's title, for display and title ranking.
    sqlite.prepare("UPDATE search_index SET title = ? WHERE kind = 'comment' AND page_id = ? AND title != ?").run(page.title, page.id, page.title);
  })();
}

/** Removes a page and its comments from the index (the page went to the trash). */
export function removePageEntries(pageId: string): void {
  getDbHandle().sqlite.prepare("DELETE FROM search_index WHERE page_id = ?").run(pageId);
}

export function upsertCommentEntry(comment: { id: string; wikiId: string; pageId: string; pageTitle: string; body: string }): void {
  const { sqlite } = getDbHandle();
  sqlite.transaction(() => {
    sqlite.prepare("DELETE FROM search_index WHERE kind = 'comment' AND ref_id = ?").run(comment.id);
    sqlite.prepare("INSERT INTO search_index (kind, ref_id, wiki_id, page_id, title, body) VALUES ('comment', ?, ?, ?, ?, ?)").run(comment.id, comment.wikiId, comment.pageId, comment.pageTitle, comment.body);
  })();
}

export function removeCommentEntry(commentId: string): void {
  getDbHandle().sqlite.prepare("DELETE FROM search_index WHERE kind = 'comment' AND ref_id = ?").run(commentId);
}

export type SearchRow = {
  kind: SearchKind;
  refId: string;
  wikiId: string;
  pageId: string;
  /** Title and snippet with matches between \u0002 and \u0003 (the caller escapes and marks them). */
  title: string;
  snippet: string;
  rank: number;
};

/**
 * Runs an FTS5 match restricted to the wikis `userId` is a member of (and to live pages), ranked
 * by bm25 with title matches weighted 10 to 1.
 */
export function searchIndex(options: { userId: string; match: string; wikiId?: string; kind?: SearchKind; limit: number }): SearchRow[] {
  // One fixed statement: every value, including the optional filters, is a bound parameter, and
  // the FTS5 query in @match has been built by toFtsQuery (every term quoted).
  return getDbHandle()
    .sqlite.prepare(
      `SELECT search_index.kind AS kind, search_index.ref_id AS refId, search_index.wiki_id AS wikiId, search_index.page_id AS pageId,
              highlight(search_index, 4, char(2), char(3)) AS title,
              snippet(search_index, 5, char(2), char(3), '…', 24) AS snippet,
              bm25(search_index, 0, 0, 0, 0, 10.0, 1.0) AS rank
       FROM search_index JOIN pages p ON p.id = search_index.page_id
       WHERE search_index MATCH @match
         AND search_index.wiki_id IN (SELECT wiki_id FROM wiki_members WHERE user_id = @userId)
         AND p.deleted_at IS NULL
         AND (@wikiId IS NULL OR search_index.wiki_id = @wikiId)
         AND (@kind IS NULL OR search_index.kind = @kind)
       ORDER BY rank
       LIMIT @limit`,
    )
    .all({ match: options.match, userId: options.userId, wikiId: options.wikiId ?? null, kind: options.kind ?? null, limit: options.limit }) as SearchRow[];
}
