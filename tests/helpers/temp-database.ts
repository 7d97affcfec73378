import fs from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
// Aliased: the name is not a React hook, whatever its prefix tells the hooks lint rule.
import { useDataDir as openDataDir } from "./fixtures";
import { makeDataDir } from "./server";

/**
 * For tests of commands, with no server: a fresh, migrated SQLite database in a temporary folder
 * for the test file (or describe block), opened before its tests; after them it is closed, the
 * folder removed and the environment left as it was. `setup` runs once the database is ready, to
 * add users and wikis (awaited when it returns a promise).
 */
export function withTemporaryDatabase(setup: () => unknown = () => {}): void {
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  let dataDir: string | undefined;
  beforeAll(async () => {
    closeDb();
    dataDir = makeDataDir("opinio-unit-");
    openDataDir(dataDir);
    migrateDatabase();
    await setup();
  });
  afterAll(() => {
    closeDb();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
}
