import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { useDataDir } from "./fixtures";
import { makeDataDir } from "./server";

/**
 * For unit tests of commands, with no server: a fresh, migrated SQLite database in a temporary
 * folder for the test file, opened before its tests and closed after them (the environment as
 * it was). `setup` runs once the database is ready, to add users and wikis.
 */
export function withTemporaryDatabase(setup: () => void = () => {}): void {
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  beforeAll(() => {
    closeDb();
    useDataDir(makeDataDir("opinio-unit-"));
    migrateDatabase();
    setup();
  });
  afterAll(() => {
    closeDb();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}
