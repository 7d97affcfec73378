import type Database from "better-sqlite3";
import { LruCache } from "@/lib/lru";
import { assertFunction, assertInstalledVersion } from "./installed-version";

/**
 * Every change Opinio makes to better-sqlite3's behaviour, in one place. Unlike the other
 * libraries' patches, this one is per connection (db/client.ts applies it to the connection it
 * opens; other connections, like a backup's, keep the library's own behaviour). The version is
 * checked on first use and by applyPatches() (./index.ts) at start-up; the contract test beside
 * this file fails if an upgrade changes what the patch relies on.
 */
export const BETTER_SQLITE3_VERSION = "12.11.1";

/** Statements kept per connection by default, least recently used dropped first. */
const STATEMENTS = 500;

let versionChecked = false;

export function assertBetterSqlite3Version(): void {
  if (versionChecked) return;
  assertInstalledVersion("better-sqlite3", BETTER_SQLITE3_VERSION, "lib/patches/better-sqlite3.ts");
  versionChecked = true;
}

/** The modes a statement keeps between runs, with the value a freshly prepared statement has. */
export const STATEMENT_MODES = ["raw", "pluck", "expand"] as const;

// --- Patch 1: reuse prepared statements by their SQL text -------------------------------------
//
// Why: drizzle prepares a new statement for every query it runs (SQLite parses and plans the SQL
// each time); on a page view, which runs a dozen small queries, that was the largest cost after
// rendering (bench: render). This is the connection's one statement cache: raw SQL needs nothing
// more, and a drizzle query on a hot path adds db/prepared.ts's preparedQuery, which keeps the SQL
// drizzle builds (it rebuilds it on every call otherwise).
// What: `sqlite.prepare` answers the statement it prepared before for the same SQL text. Sharing is
// safe because every use is synchronous and nothing iterates a statement lazily. A statement's
// modes persist across uses (drizzle switches some to raw(), the backup to pluck()), so a reused
// reader is reset to the modes a fresh statement has (safeIntegers, which nothing here sets, is
// not reset).
// Delete when: drizzle caches prepared statements itself (or better-sqlite3 gains a statement
// cache); compare `npm run bench` render with and without it.

/** Makes this connection's `prepare` reuse statements by SQL text (see above). Apply once per connection. */
export function reuseStatements(sqlite: Database.Database, capacity = STATEMENTS): void {
  assertBetterSqlite3Version();
  assertFunction(sqlite, "prepare", "better-sqlite3 Database.prepare");
  const probe = sqlite.prepare("SELECT 1");
  for (const mode of STATEMENT_MODES) assertFunction(probe, mode, `better-sqlite3 Statement.${mode}`);
  if (typeof probe.reader !== "boolean") throw new Error("cannot patch better-sqlite3 Statement: it has no boolean `reader`");

  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new LruCache<string, Database.Statement>(capacity);
  sqlite.prepare = ((source: string) => {
    const cached = statements.get(source);
    if (cached) {
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = prepare(source);
    statements.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}
