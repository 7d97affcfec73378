import { Client } from "pg";
import { afterAll, beforeAll } from "vitest";
import { closeDatabase } from "@/db/executor";

import { createTempPostgresDatabase, dropTempPostgresDatabase } from "./postgres-admin";

export { createTempPostgresDatabase, dropTempPostgresDatabase, postgresUrl } from "./postgres-admin";

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

/**
 * withTempPostgresDatabase, with this process's own database connection pointed at it for the file:
 * the tests seed through Opinio's commands into the database their servers run on, and the
 * environment is left as it was afterwards. Call it before the file's own hooks, so the file's
 * clean-up (stopping its servers) runs first.
 */
export function withTempPostgresForCommands(): { readonly url: string; readonly name: string } {
  const postgres = withTempPostgresDatabase();
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    await closeDatabase();
    process.env.DATABASE_URL = postgres.url;
  });
  afterAll(async () => {
    await closeDatabase();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  });
  return postgres;
}
