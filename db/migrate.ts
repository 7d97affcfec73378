import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import path from "node:path";
import { getDb } from "./client";

/** Applies every committed drizzle-kit migration that the database has not seen yet. */
export function migrateDatabase(): void {
  migrate(getDb(), { migrationsFolder: path.join(process.cwd(), "db", "migrations") });
}

if (process.argv[1] && /db[\\/]migrate\.ts$/.test(process.argv[1])) {
  migrateDatabase();
  console.log("Database is up to date.");
}
