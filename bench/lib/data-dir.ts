import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDatabase, type Dialect } from "@/db/executor";
import { migrateCurrentDatabase } from "@/db/migrate";
import { createTempPostgresDatabase, dropTempPostgresDatabase } from "@/tests/helpers/postgres-admin";

/**
 * Runs `work` against a fresh, migrated database in a new temporary DATA_DIR, then closes the
 * connections and deletes the directory. A benchmark writes thousands of rows; it must never
 * touch ./data, whatever DATA_DIR the shell happens to point at, or a database it did not make.
 *
 * On PostgreSQL (`--db postgres`) the database is a new one with a random name on the local
 * server (POSTGRES_TEST_URL names another, as for the tests), dropped at the end even when the
 * benchmark failed. DATABASE_URL names it for the benchmark's own seeding and, since the servers
 * a benchmark starts inherit the environment, for them too.
 */
export async function withTempDataDir<T>(work: (dataDir: string) => Promise<T>, dialect: Dialect = "sqlite"): Promise<T> {
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-bench-"));
  const postgres = dialect === "postgres" ? await createTempPostgresDatabase("opinio_bench") : null;
  await closeDatabase();
  process.env.DATA_DIR = dataDir;
  if (postgres) process.env.DATABASE_URL = postgres.url;
  else delete process.env.DATABASE_URL;
  try {
    await migrateCurrentDatabase();
    return await work(dataDir);
  } finally {
    await closeDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (postgres) await dropTempPostgresDatabase(postgres.name);
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Runs `work` with the URL of a new, empty PostgreSQL database, dropped afterwards (a server that migrates at start, say). */
export async function withEmptyPostgresDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const postgres = await createTempPostgresDatabase("opinio_bench");
  try {
    return await work(postgres.url);
  } finally {
    await dropTempPostgresDatabase(postgres.name);
  }
}
