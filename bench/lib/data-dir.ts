import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

/**
 * Runs `work` against a fresh, migrated database in a new temporary DATA_DIR, then closes the
 * connection and deletes the directory. A benchmark writes thousands of rows; it must never
 * touch ./data or whatever DATA_DIR the shell happens to point at.
 */
export async function withTempDataDir<T>(work: (dataDir: string) => Promise<T>): Promise<T> {
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-bench-"));
  closeDb();
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  try {
    migrateDatabase();
    return await work(dataDir);
  } finally {
    closeDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
