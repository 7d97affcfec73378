import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

/**
 * For unit tests of commands: a fresh, migrated SQLite database in a temporary folder for the
 * test file, opened before its tests and closed (DATA_DIR restored) after them. `setup` runs once
 * the database is ready, to seed users and wikis.
 */
export function withTemporaryDatabase(setup: () => void = () => {}): void {
  const saved = process.env.DATA_DIR;
  beforeAll(() => {
    closeDb();
    process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-unit-"));
    migrateDatabase();
    setup();
  });
  afterAll(() => {
    closeDb();
    process.env.DATA_DIR = saved;
  });
}
