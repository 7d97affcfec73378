import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { closeDatabase, type Dialect } from "@/db/executor";
import { migrateCurrentDatabase } from "@/db/migrate";

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
  const postgres = dialect === "postgres" ? await createTempPostgresDatabase() : null;
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
  const postgres = await createTempPostgresDatabase();
  try {
    return await work(postgres.url);
  } finally {
    await dropTempPostgresDatabase(postgres.name);
  }
}

const ADMIN_URL = process.env.POSTGRES_TEST_URL ?? "postgres://root@127.0.0.1:5432/postgres";

async function asAdmin(statement: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(ADMIN_URL);
    where.password = "";
    throw new Error(
      `--db postgres needs PostgreSQL 15+ at ${where.toString()} (set POSTGRES_TEST_URL to use another): ${error instanceof Error ? error.message || error.name : String(error)}`,
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function createTempPostgresDatabase(): Promise<{ name: string; url: string }> {
  // The name says who made it, should a killed run leave one behind.
  const name = `opinio_bench_${randomBytes(6).toString("hex")}`;
  await asAdmin(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropTempPostgresDatabase(name: string): Promise<void> {
  // Not WITH (FORCE) at once: pg-pool's end() resolves before its sockets have closed, and a
  // backend terminated under a closing client surfaces in this process as an unhandled pool error.
  // Such a backend is gone within milliseconds; only what lingers after that (a killed server's
  // connections) is forced off.
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      return await asAdmin(`DROP DATABASE IF EXISTS "${name}"`);
    } catch (error) {
      if ((error as { code?: string }).code !== IN_USE) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** object_in_use: "database … is being accessed by other users". */
const IN_USE = "55006";
