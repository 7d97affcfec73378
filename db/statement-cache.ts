import type Database from "better-sqlite3";

const ENTRIES = 500;

/**
 * Makes `sqlite.prepare` reuse statements by their SQL text. drizzle prepares a new statement
 * for every query it runs (SQLite parses and plans the SQL each time); on a page view, which
 * runs a dozen small queries, that was the largest cost after rendering (bench: render).
 * better-sqlite3 statements are reusable, and safe to share here because every use is
 * synchronous and nothing iterates a statement lazily. A statement's modes persist across uses
 * (drizzle switches some to raw(), the backup to pluck()), so a reused one is reset to the
 * defaults a fresh statement would have. The least recently used are dropped past ENTRIES.
 */
export function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = statements.get(source);
    if (cached) {
      statements.delete(source);
      statements.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = prepare(source);
    statements.set(source, statement);
    if (statements.size > ENTRIES) statements.delete(statements.keys().next().value!);
    return statement;
  }) as typeof sqlite.prepare;
}
