import { getDb, type Db } from "./client";

/**
 * A query built once per connection and then only run. drizzle rebuilds a query's SQL from its
 * builder on every call (walking the columns, escaping names, merging chunks): for the small
 * indexed lookups a page view makes, that cost several times what SQLite takes to answer
 * (bench: render). `build` returns drizzle's `.prepare()` of a query whose varying values are
 * `sql.placeholder(name)`s; the result is kept per connection, so tests that reopen the database
 * get a fresh one.
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
