import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import path from "node:path";
import { Client, Pool } from "pg";

/** Where drizzle-kit writes the PostgreSQL migrations (drizzle.postgres.config.ts). */
export const POSTGRES_MIGRATIONS = path.join(process.cwd(), "db", "postgres", "migrations");

/**
 * Applies every committed PostgreSQL migration that the database at `url` has not seen yet.
 * drizzle records them in `drizzle.__drizzle_migrations` and runs the pending ones in one
 * transaction, so a failed upgrade leaves the schema as it was. Several instances starting at
 * once take turns (a session advisory lock on a connection of its own): the second finds nothing
 * left to do instead of running the same migrations beside the first.
 */
export async function migratePostgres(url: string): Promise<void> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(pool), { migrationsFolder: POSTGRES_MIGRATIONS });
  } finally {
    await pool.end();
    // Ending the session releases the lock.
    await lock.end();
  }
}

/** Any constant of our own, the same in every instance: "opinio" in ASCII. */
const MIGRATION_LOCK = 0x6f70696e696f;

if (process.argv[1] && /db[\\/]postgres[\\/]migrate\.ts$/.test(process.argv[1])) {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error("Set DATABASE_URL to a postgres:// URL.");
    process.exitCode = 2;
  } else {
    migratePostgres(url).then(
      () => console.log("PostgreSQL database is up to date."),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exitCode = 1;
      },
    );
  }
}
