import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import path from "node:path";
import { getDb } from "./client";
import { databaseDialect } from "./executor";
import { migratePostgres } from "./postgres/migrate";

/**
 * Brings the database DATABASE_URL names, SQLite or PostgreSQL, up to the current schema: what the
 * server and the admin CLI do before anything else.
 */
export async function migrateCurrentDatabase(): Promise<void> {
  if (databaseDialect() === "postgres") await migratePostgres(process.env.DATABASE_URL!);
  else migrateDatabase();
}

/** Applies every committed drizzle-kit migration that the SQLite database has not seen yet. */
export function migrateDatabase(): void {
  migrate(getDb(), { migrationsFolder: path.join(process.cwd(), "db", "migrations") });
}

if (process.argv[1] && /db[\\/]migrate\.ts$/.test(process.argv[1])) {
  migrateDatabase();
  console.log("Database is up to date.");
}
