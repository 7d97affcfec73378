import { randomBytes } from "node:crypto";
import { Client } from "pg";

/**
 * Throwaway PostgreSQL databases on the local server, for the tests and the benchmarks (issue 20:
 * PostgreSQL 15 runs on every development and CI machine). POSTGRES_TEST_URL points elsewhere; it
 * must name a database the role may connect to and a role that may create databases. No test
 * framework here: the benchmarks run outside vitest (tests/helpers/temp-postgres.ts adds the hooks).
 */
const ADMIN_URL = process.env.POSTGRES_TEST_URL ?? "postgres://root@127.0.0.1:5432/postgres";

/** `ADMIN_URL` with another database name. */
export function postgresUrl(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function asAdmin(statement: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(ADMIN_URL);
    where.password = "";
    throw new Error(
      `This needs PostgreSQL 15+ at ${where.toString()} (set POSTGRES_TEST_URL to use another): ${error instanceof Error ? error.message || error.name : String(error)}`,
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name (`prefix` says who made it, should one be left behind). */
export async function createTempPostgresDatabase(prefix = "opinio_test"): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await asAdmin(`CREATE DATABASE "${name}"`);
  return { name, url: postgresUrl(name) };
}

/** object_in_use: "database … is being accessed by other users". */
const IN_USE = "55006";

/**
 * Drops the database. Not WITH (FORCE) at once: pg-pool's end() resolves before its sockets have
 * closed, and a backend terminated under a closing client surfaces in the process that owned it as
 * an unhandled pool error (57P01), which fails a test run. Such a backend is gone within
 * milliseconds; only what lingers after that (a killed server's connections) is forced off.
 */
export async function dropTempPostgresDatabase(name: string): Promise<void> {
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
