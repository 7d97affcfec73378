import { getTableName, is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as sqliteSchema from "../schema";
import * as postgresSchema from "./schema";

/** One table in both dialects: db/schema's and its twin in db/postgres/schema. */
export type TablePair = { name: string; sqlite: SQLiteTable; postgres: PgTable };

/** Every drizzle table db/schema exports (the FTS5 search tables are raw SQL, not among them). */
export function sqliteTables(): SQLiteTable[] {
  return (Object.values(sqliteSchema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable));
}

/** Every drizzle table db/postgres/schema exports. */
export function postgresTables(): PgTable[] {
  return (Object.values(postgresSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
}

/**
 * Every SQLite table with its PostgreSQL twin, each after the tables its foreign keys point to,
 * so copying in this order never inserts a row before the row it references. A table without a
 * twin is a schema change that forgot PostgreSQL: that throws rather than moving data partly.
 */
export function tablePairsInForeignKeyOrder(): TablePair[] {
  const twins = new Map(postgresTables().map((table) => [getTableName(table), table]));
  const pending = new Map<string, TablePair>();
  for (const table of sqliteTables()) {
    const name = getTableName(table);
    const twin = twins.get(name);
    if (!twin) throw new Error(`Table ${name} has no PostgreSQL twin in db/postgres/schema`);
    pending.set(name, { name, sqlite: table, postgres: twin });
  }
  const parentsOf = (pair: TablePair) =>
    getTableConfig(pair.postgres)
      .foreignKeys.map((key) => getTableName(key.reference().foreignTable))
      .filter((parent) => parent !== pair.name);

  const ordered: TablePair[] = [];
  const placed = new Set<string>();
  while (pending.size > 0) {
    const ready = [...pending.values()].filter((pair) => parentsOf(pair).every((parent) => placed.has(parent)));
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle among: ${[...pending.keys()].join(", ")}`);
    for (const pair of ready) {
      ordered.push(pair);
      placed.add(pair.name);
      pending.delete(pair.name);
    }
  }
  return ordered;
}
