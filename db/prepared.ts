import { getDb, type Db } from "./client";

/**
 * The one way to keep a query ready to run. Statements themselves are reused by the connection,
 * by SQL text (lib/patches/better-sqlite3.ts): raw SQL through `sqlite.prepare` and every drizzle
 * query get that without asking. What drizzle still does on every call is rebuild the query's SQL
 * from its builder (walking the columns, escaping names, merging chunks); for the small indexed
 * lookups a page view makes, that costs several times what SQLite takes to answer (bench: render).
 * So a drizzle query on a hot path is built here, once per connection: `build` returns drizzle's
 * `.prepare()` of a query whose varying values are `sql.placeholder(name)`s. Kept per connection,
 * so tests that reopen the database get a fresh one. No other per-query cache belongs in db/.
 */
export function preparedQuery<Q>(build: (db: Db) => Q): () => Q {
  const built = new WeakMap<Db, Q>();
  return () => {
    const db = getDb();
    let query = built.get(db);
    if (!query) built.set(db, (query = build(db)));
    return query;
  };
}
