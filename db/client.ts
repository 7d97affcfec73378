import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { databasePath } from "@/lib/env";
import { reuseStatements } from "@/lib/patches/better-sqlite3";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

type DbHandle = { db: Db; sqlite: Database.Database; file: string };

// The custom server (tsx) and Next's route bundles load separate copies of this module; keeping
// the handle on globalThis gives the whole process one connection (vercel/next.js #54782).
const registry = globalThis as typeof globalThis & { __opinioDb?: DbHandle };

function open(): DbHandle {
  const file = databasePath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // NORMAL in WAL mode survives a killed process (the durability promise); FULL also survives
  // power loss at the cost of an fsync per commit.
  if (process.env.SQLITE_SYNCHRONOUS === "FULL") sqlite.pragma("synchronous = FULL");
  else sqlite.pragma("synchronous = NORMAL");
  // drizzle prepares every query anew; the connection reuses statements by SQL text instead.
  reuseStatements(sqlite);
  return { db: drizzle(sqlite, { schema }), sqlite, file };
}

export function getDbHandle(): DbHandle {
  registry.__opinioDb ??= open();
  return registry.__opinioDb;
}

/** The process-wide drizzle database. */
export function getDb(): Db {
  return getDbHandle().db;
}

export function closeDb(): void {
  registry.__opinioDb?.sqlite.close();
  registry.__opinioDb = undefined;
}

/**
 * Runs `work` as one write transaction that takes SQLite's write lock up front (BEGIN
 * IMMEDIATE). A deferred transaction that reads first and writes later fails at once with
 * SQLITE_BUSY if another connection (the CLI, a test) wrote in between; an immediate one waits
 * for the busy timeout instead. Nested calls become savepoints. `work` must be synchronous: an
 * async callback would commit before it finished (drizzle-orm #1472).
 */
export function writeTransaction<T>(work: () => T): T {
  return getDb().transaction(() => work(), { behavior: "immediate" });
}
