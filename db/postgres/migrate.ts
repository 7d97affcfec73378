import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import path from "node:path";
import { Pool } from "pg";

/** Where drizzle-kit writes the PostgreSQL migrations (drizzle.postgres.config.ts). */
export const POSTGRES_MIGRATIONS = path.join(process.cwd(), "db", "postgres", "migrations");

/**
 * Applies every committed PostgreSQL migration that the database at `url` has not seen yet.
 * drizzle records them in `drizzle.__drizzle_migrations` and runs the pending ones in one
 * transaction, so a failed upgrade leaves the schema as it was.
 */
export async function migratePostgres(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder: POSTGRES_MIGRATIONS });
  } finally {
    await pool.end();
  }
}

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
