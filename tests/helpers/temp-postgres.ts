import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll } from "vitest";

/**
 * The local PostgreSQL the tests use (issue 20: PostgreSQL 15 runs on every development and CI
 * machine). POSTGRES_TEST_URL points elsewhere; it must name a database the role may connect to
 * and a role that may create databases.
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
      `These tests need PostgreSQL 15+ at ${where.toString()} (set POSTGRES_TEST_URL to use another): ${error instanceof Error ? error.message || error.name : String(error)}`,
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name and returns its URL. */
export async function createTempPostgresDatabase(): Promise<{ name: string; url: string }> {
  const name = `opinio_test_${randomBytes(6).toString("hex")}`;
  await asAdmin(`CREATE DATABASE "${name}"`);
  return { name, url: postgresUrl(name) };
}

/** Drops the database, closing any connection a failed test left open. */
export async function dropTempPostgresDatabase(name: string): Promise<void> {
  await asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/**
 * For a test file or describe block: a fresh, empty PostgreSQL database created before its tests
 * and dropped after them (also when they fail). Read `url` inside tests and hooks.
 */
export function withTempPostgresDatabase(): { readonly url: string; readonly name: string } {
  let current: { name: string; url: string } | undefined;
  beforeAll(async () => {
    current = await createTempPostgresDatabase();
  });
  afterAll(async () => {
    if (current) await dropTempPostgresDatabase(current.name);
  });
  return {
    get url() {
      if (!current) throw new Error("the temporary PostgreSQL database is made in beforeAll");
      return current.url;
    },
    get name() {
      if (!current) throw new Error("the temporary PostgreSQL database is made in beforeAll");
      return current.name;
    },
  };
}

/** Runs `work` with a connected client to `url`, closing it afterwards. */
export async function withPostgres<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
