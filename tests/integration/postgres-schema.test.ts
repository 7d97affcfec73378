import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDbHandle } from "@/db/client";
import fs from "node:fs";
import path from "node:path";
import { migratePostgres, POSTGRES_MIGRATIONS } from "@/db/postgres/migrate";
import { POSTGRES_ONLY_TABLES } from "@/db/postgres/schema";
import { postgresTables, sqliteTables, tablePairsInForeignKeyOrder } from "@/db/postgres/tables";
import { createTempPostgresDatabase, dropTempPostgresDatabase, withPostgres, withTempPostgresDatabase } from "../helpers/temp-postgres";
import { withTemporaryDatabase } from "../helpers/temp-database";

/**
 * The PostgreSQL schema (db/postgres) is the SQLite one (db/schema) in another dialect: a fresh
 * database migrated each way has the same tables, columns, nullability, keys, foreign keys and
 * indexes. The few deliberate differences are listed here, each with its reason.
 */

/** SQLite's own tables, drizzle's migration log and the FTS5 search index (not mirrored yet). */
const SQLITE_ONLY = /^(sqlite_|__drizzle|search_index|search_titles)/;

/**
 * The update log is keyed by (page_id, seq) on PostgreSQL instead of a global id (issue 20,
 * db/postgres/schema/pages.ts); its (page_id, id) index is that primary key there.
 */
const RENAMED_COLUMNS: Record<string, Record<string, string>> = { page_updates: { id: "seq" } };
const DIFFERENT_PRIMARY_KEYS: Record<string, { sqlite: string[]; postgres: string[] }> = {
  page_updates: { sqlite: ["id"], postgres: ["page_id", "seq"] },
};
const SQLITE_ONLY_INDEXES = new Set(["page_updates_page_idx"]);

/** The multi-instance page leases (db/postgres/schema/leases.ts): they mean nothing to one SQLite process. */
const isPostgresOnly = (table: string) => (POSTGRES_ONLY_TABLES as readonly string[]).includes(table);

type Column = { name: string; notNull: boolean };
type ForeignKey = string; // "from_cols -> table(to_cols) on delete ACTION"
type Shape = {
  columns: Record<string, Column[]>;
  primaryKeys: Record<string, string[]>;
  foreignKeys: Record<string, ForeignKey[]>;
  indexes: Record<string, string[]>;
};

function sqliteShape(): Shape {
  const { sqlite } = getDbHandle();
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter(
    (name) => !SQLITE_ONLY.test(name),
  );
  const shape: Shape = { columns: {}, primaryKeys: {}, foreignKeys: {}, indexes: {} };
  for (const table of tables) {
    const info = sqlite.prepare('SELECT name, "notnull" AS not_null, pk FROM pragma_table_info(?)').all(table) as {
      name: string;
      not_null: number;
      pk: number;
    }[];
    const renamed = RENAMED_COLUMNS[table] ?? {};
    shape.columns[table] = info.map((c) => ({ name: renamed[c.name] ?? c.name, notNull: c.not_null === 1 || c.pk > 0 })).sort(byName);
    shape.primaryKeys[table] = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const keys = sqlite
      .prepare('SELECT id, "table" AS target, "from" AS source, "to" AS dest, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq')
      .all(table) as {
      id: number;
      target: string;
      source: string;
      dest: string;
      on_delete: string;
    }[];
    const grouped = new Map<number, typeof keys>();
    for (const key of keys) grouped.set(key.id, [...(grouped.get(key.id) ?? []), key]);
    shape.foreignKeys[table] = [...grouped.values()]
      .map(
        (parts) =>
          `${parts.map((p) => p.source).join(",")} -> ${parts[0].target}(${parts.map((p) => p.dest).join(",")}) on delete ${parts[0].on_delete.toLowerCase()}`,
      )
      .sort();
    shape.indexes[table] = (sqlite.prepare("SELECT name FROM pragma_index_list(?) WHERE origin != 'pk'").pluck().all(table) as string[])
      .filter((name) => !SQLITE_ONLY_INDEXES.has(name))
      .sort();
  }
  return shape;
}

async function postgresShape(url: string): Promise<Shape> {
  return withPostgres(url, async (client) => {
    const shape: Shape = { columns: {}, primaryKeys: {}, foreignKeys: {}, indexes: {} };
    const columns = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
    );
    for (const c of columns.rows)
      if (!isPostgresOnly(c.table_name))
        (shape.columns[c.table_name] ??= []).push({ name: c.column_name, notNull: c.is_nullable === "NO" });
    for (const list of Object.values(shape.columns)) list.sort(byName);

    const keys = await client.query<{ table_name: string; kind: string; definition: string; columns: string[] }>(
      `SELECT c.conrelid::regclass::text AS table_name, c.contype AS kind, pg_get_constraintdef(c.oid) AS definition,
              array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'`,
    );
    for (const table of Object.keys(shape.columns)) {
      shape.primaryKeys[table] = [];
      shape.foreignKeys[table] = [];
    }
    for (const key of keys.rows) {
      if (isPostgresOnly(key.table_name)) continue;
      if (key.kind === "p") shape.primaryKeys[key.table_name] = key.columns;
      if (key.kind === "f") {
        // e.g. FOREIGN KEY (page_id) REFERENCES pages(id) ON DELETE CASCADE
        const match = /^FOREIGN KEY \((.+)\) REFERENCES (\w+)\((.+)\)(?: ON DELETE (CASCADE|SET NULL|RESTRICT|SET DEFAULT))?$/.exec(
          key.definition,
        );
        expect(match, key.definition).not.toBeNull();
        const [, from, target, to, onDelete] = match!;
        shape.foreignKeys[key.table_name].push(
          `${from.replace(/\s/g, "")} -> ${target}(${to.replace(/\s/g, "")}) on delete ${(onDelete ?? "no action").toLowerCase()}`,
        );
      }
    }
    for (const list of Object.values(shape.foreignKeys)) list.sort();

    const indexes = await client.query<{ table_name: string; index_name: string }>(
      `SELECT t.relname AS table_name, i.relname AS index_name FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public' AND NOT x.indisprimary`,
    );
    for (const table of Object.keys(shape.columns)) shape.indexes[table] = [];
    for (const index of indexes.rows) if (!isPostgresOnly(index.table_name)) shape.indexes[index.table_name].push(index.index_name);
    for (const list of Object.values(shape.indexes)) list.sort();
    return shape;
  });
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

describe("the PostgreSQL schema mirrors the SQLite one", () => {
  withTemporaryDatabase();
  const postgres = withTempPostgresDatabase();
  let sqlite: Shape;
  let pg: Shape;

  beforeAll(async () => {
    await migratePostgres(postgres.url);
    await migratePostgres(postgres.url); // applying again is a no-op, as at every start
    sqlite = sqliteShape();
    pg = await postgresShape(postgres.url);
  });

  it("has the same tables, column names and nullability", () => {
    expect(Object.keys(pg.columns).sort()).toEqual(Object.keys(sqlite.columns).sort());
    expect(Object.keys(sqlite.columns).length).toBeGreaterThanOrEqual(20);
    expect(pg.columns).toEqual(sqlite.columns);
  });

  it("has the same primary keys, except the update log's (page_id, seq)", () => {
    const expected = { ...sqlite.primaryKeys };
    for (const [table, keys] of Object.entries(DIFFERENT_PRIMARY_KEYS)) {
      expect(expected[table]).toEqual(keys.sqlite);
      expected[table] = keys.postgres;
    }
    expect(pg.primaryKeys).toEqual(expected);
  });

  it("has the same foreign keys with the same ON DELETE, and the same indexes by name", () => {
    expect(pg.foreignKeys).toEqual(sqlite.foreignKeys);
    expect(pg.indexes).toEqual(sqlite.indexes);
    expect(pg.foreignKeys.comments).toContain("author_id -> users(id) on delete set null");
    expect(pg.foreignKeys.comments).toContain("thread_id -> comment_threads(id) on delete cascade");
    expect(pg.indexes.users).toEqual(["users_email_unique"]);
    expect(Object.values(pg.foreignKeys).flat().length).toBeGreaterThan(30);
    expect(Object.values(pg.indexes).flat().length).toBeGreaterThan(25);
  });

  it("keeps the audit log append-only", async () => {
    await withPostgres(postgres.url, async (client) => {
      await client.query("INSERT INTO audit_events (action) VALUES ('test.event')");
      await expect(client.query("UPDATE audit_events SET action = 'rewritten'")).rejects.toThrow("audit log is append-only");
      await expect(client.query("DELETE FROM audit_events")).rejects.toThrow("audit log is append-only");
      await expect(client.query("TRUNCATE audit_events")).rejects.toThrow("audit log is append-only");
    });
  });
});

describe("the drizzle schemas", () => {
  it("give every table of db/schema a twin in db/postgres/schema, and nothing else", () => {
    const names = (tables: Table[]) => tables.map((table) => getTableName(table)).sort();
    expect(names(postgresTables()).filter((name) => !isPostgresOnly(name))).toEqual(names(sqliteTables()));
    expect(names(postgresTables()).filter(isPostgresOnly)).toEqual([...POSTGRES_ONLY_TABLES].sort());
    expect(() => tablePairsInForeignKeyOrder()).not.toThrow();
  });

  it("give twins the same property names, and PostgreSQL types that read back as the SQLite ones do", () => {
    const twinType: Record<string, string[]> = {
      SQLiteText: ["PgText"],
      SQLiteInteger: ["PgInteger", "PgBigInt53"],
      SQLiteTimestamp: ["PgTimestamp"],
      SQLiteReal: ["PgDoublePrecision"],
      SQLiteBlobBuffer: ["PgCustomColumn"],
    };
    for (const pair of tablePairsInForeignKeyOrder()) {
      const sqliteColumns = getTableColumns(pair.sqlite);
      const postgresColumns = getTableColumns(pair.postgres);
      const renamed = RENAMED_COLUMNS[pair.name] ?? {};
      const expectedKeys = Object.keys(sqliteColumns).map((key) => renamed[key] ?? key);
      expect(Object.keys(postgresColumns).sort(), pair.name).toEqual(expectedKeys.sort());
      for (const [key, column] of Object.entries(sqliteColumns)) {
        const twin = postgresColumns[renamed[key] ?? key];
        expect(twinType[column.columnType], `${pair.name}.${column.name} (${column.columnType})`).toContain(twin.columnType);
        if (column.columnType === "SQLiteBlobBuffer") expect(twin.getSQLType()).toBe("bytea");
        if (column.columnType === "SQLiteTimestamp") expect(twin.getSQLType()).toBe("timestamp with time zone");
        expect(twin.name).toBe(renamed[column.name] ?? column.name);
      }
    }
  });

  it("put every table after the tables its foreign keys point to", () => {
    const order = tablePairsInForeignKeyOrder().map((pair) => pair.name);
    expect(order.indexOf("users")).toBeLessThan(order.indexOf("wikis"));
    expect(order.indexOf("pages")).toBeLessThan(order.indexOf("page_updates"));
    expect(order.indexOf("comments")).toBeLessThan(order.indexOf("comment_revisions"));
    expect(order.indexOf("comment_threads")).toBeLessThan(order.indexOf("notifications"));
  });
});

describe("PostgreSQL migrations at start-up", () => {
  it("run once when several instances start at the same time on a new database", async () => {
    const database = await createTempPostgresDatabase();
    try {
      await Promise.all([migratePostgres(database.url), migratePostgres(database.url), migratePostgres(database.url)]);
      const applied = await withPostgres(database.url, async (client) => {
        const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
        return rows[0].n;
      });
      const journal = JSON.parse(fs.readFileSync(path.join(POSTGRES_MIGRATIONS, "meta", "_journal.json"), "utf8")) as {
        entries: unknown[];
      };
      expect(applied).toBe(journal.entries.length);
    } finally {
      await dropTempPostgresDatabase(database.name);
    }
  });
});
