import fs from "node:fs";
import { getTableName } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe } from "vitest";
import { closeDb, getDb } from "@/db/client";
import { closeDatabase, type Dialect } from "@/db/executor";
import { migrateDatabase } from "@/db/migrate";
import { getPostgres } from "@/db/postgres/client";
import { migratePostgres } from "@/db/postgres/migrate";
import { postgresTables } from "@/db/postgres/tables";
import { createTempPostgresDatabase, dropTempPostgresDatabase } from "../helpers/temp-postgres";
import { makeDataDir } from "../helpers/server";

/**
 * The contract suites (docs/architecture.md, "Data layer"): `describeOnBothDialects` runs the same
 * describe block once on a fresh migrated SQLite file and once on a fresh migrated PostgreSQL
 * database, with DATABASE_URL pointing at it, so the query modules under test pick the dialect
 * exactly as the server does. Blocks run one after the other (the environment is the process's).
 */
export function describeOnBothDialects(name: string, body: (dialect: Dialect) => void): void {
  for (const dialect of ["sqlite", "postgres"] as const) {
    describe(`${name} (${dialect})`, () => {
      const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
      let dataDir: string | undefined;
      let postgresName: string | undefined;
      beforeAll(async () => {
        await closeDatabase();
        if (dialect === "sqlite") {
          dataDir = makeDataDir("opinio-contract-");
          process.env.DATA_DIR = dataDir;
          process.env.DATABASE_URL = `${dataDir}/opinio.db`;
          migrateDatabase();
        } else {
          const database = await createTempPostgresDatabase();
          postgresName = database.name;
          await migratePostgres(database.url);
          process.env.DATABASE_URL = database.url;
        }
      });
      afterAll(async () => {
        await closeDatabase();
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
        if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
        if (postgresName) await dropTempPostgresDatabase(postgresName);
      });
      body(dialect);
    });
  }
}

/**
 * Inserts fixture rows into a table of the current dialect, named by its SQLite twin (the two
 * schemas share table and column names). For the rows a subject's queries join to (users,
 * wikis, pages …) that are not converted yet and have no async insert of their own.
 */
export async function insertRows(table: SQLiteTable, rows: Record<string, unknown>[]): Promise<void> {
  if (!/^postgres/.test(process.env.DATABASE_URL ?? "")) {
    getDb().insert(table).values(rows).run();
    return;
  }
  const twin = postgresTables().find((candidate) => getTableName(candidate) === getTableName(table));
  if (!twin) throw new Error(`no PostgreSQL twin of ${getTableName(table)}`);
  await getPostgres(process.env.DATABASE_URL!).db.insert(twin).values(rows);
}

/** Closes the SQLite connection so the next use reopens it (for tests that need a fresh handle). */
export { closeDb };
