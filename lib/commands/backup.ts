import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { closeDb, getDbHandle } from "@/db/client";
import { databasePath } from "@/lib/env";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";

/** Tables whose presence marks a file as an Opinio database rather than any SQLite file. */
const REQUIRED_TABLES = ["users", "pages"] as const;

// The same folder db/migrate.ts uses; restore migrates its copy before it replaces anything.
const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Files SQLite may keep beside a database; they belong to that file and must not outlive it. */
const SIDECAR_SUFFIXES = ["-wal", "-shm", "-journal"] as const;

/**
 * Copies the live database to `target` with SQLite's online backup API, so the copy is
 * consistent even while the server keeps writing. The database is backed up as it is (no
 * migrations first), so a backup taken before an upgrade really is the pre-upgrade state.
 * Only the database is copied: the auth secret in the data directory is the caller's to keep.
 */
export async function backupDatabase(target: string, options: { force?: boolean } = {}): Promise<{ file: string; bytes: number }> {
  const source = databasePath();
  const file = path.resolve(target);
  if (!fs.existsSync(source)) throw notFound(`There is no database at ${source} to back up`);
  if (file === source) throw badRequest("The backup cannot be the live database itself");
  if (!isDirectory(path.dirname(file))) throw notFound(`Directory ${path.dirname(file)} does not exist`);
  if (fs.existsSync(file)) {
    if (!options.force) throw conflict(`${file} already exists; pass --force to overwrite it`);
    if (!fs.statSync(file).isFile()) throw badRequest(`${file} exists and is not a file`);
  }

  // Written under a temporary name and renamed, so `target` is never a half-written backup and
  // --force replaces the old one only once the new one is complete.
  const temp = tempPathBeside(file, "backup");
  try {
    await getDbHandle().sqlite.backup(temp, {
      // After the first step copy everything that is left in one go: each step reads one WAL
      // snapshot (writers are not blocked), while small steps would restart whenever the server
      // commits in between and might never finish on a busy wiki.
      progress: ({ totalPages }) => totalPages,
    });
    // One self-contained file in rollback-journal mode, so it opens anywhere, even read-only.
    withDatabase(temp, (copy) => copy.pragma("journal_mode = DELETE"));
    fsyncFile(temp);
    fs.renameSync(temp, file);
    fsyncDirectory(path.dirname(file));
  } catch (error) {
    removeDatabaseFiles(temp);
    throw error;
  }
  return { file, bytes: fs.statSync(file).size };
}

/**
 * Replaces the database with the backup at `source`. The backup is copied beside the database,
 * checked (SQLite integrity check, Opinio tables present) and migrated to the current schema
 * before anything is replaced; then the old database's WAL files go and the copy is renamed over
 * it, so the database file is at every moment either the old one or the complete new one.
 *
 * Refuses while another process has the database open (a running server) unless `force` is set;
 * with `force` a running server keeps serving the old data until it is restarted. This process's
 * own connection is closed first; the next getDb() opens the restored file.
 */
export function restoreDatabase(source: string, options: { force?: boolean } = {}): { file: string; bytes: number } {
  const from = path.resolve(source);
  const target = databasePath();
  if (!fs.existsSync(from)) throw notFound(`No such file: ${from}`);
  if (!fs.statSync(from).isFile()) throw badRequest(`${from} is not a file`);
  if (from === target) throw badRequest("That file is the live database itself");

  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempPathBeside(target, "restore");
  try {
    fs.copyFileSync(from, temp, fs.constants.COPYFILE_EXCL);
    prepareRestoredCopy(temp, from);
    fsyncFile(temp);

    // This process must not count as a user of the database it is about to replace.
    closeDb();
    if (!options.force && isDatabaseInUse(target)) {
      throw conflict(
        `The database ${target} is in use, probably by a running Opinio server. Stop the server first (or pass --force and restart the server afterwards).`,
      );
    }
    // A WAL or hot journal left beside the file would be applied to the restored database.
    for (const suffix of SIDECAR_SUFFIXES) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(temp, target);
    fsyncDirectory(path.dirname(target));
  } catch (error) {
    removeDatabaseFiles(temp);
    throw error;
  }
  return { file: target, bytes: fs.statSync(target).size };
}

/**
 * Whether another connection (in any process) has the database open. Leaving WAL mode needs
 * every other connection closed, which is exactly the question; when it succeeds it has also
 * folded the WAL into the main file. The server keeps its connection open for its whole life,
 * so a running server is always seen. A file that is not a readable database is not in use.
 */
export function isDatabaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const probe = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma("journal_mode = DELETE");
    return false;
  } catch (error) {
    return error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);
  } finally {
    probe.close();
  }
}

/** Checks the copy is an intact Opinio database and brings it to the current schema. */
function prepareRestoredCopy(copy: string, shownAs: string): void {
  withDatabase(copy, (sqlite) => {
    let integrity: unknown;
    try {
      integrity = sqlite.pragma("integrity_check", { simple: true });
    } catch (error) {
      throw asUnreadable(error, shownAs);
    }
    if (integrity !== "ok") throw badRequest(`${shownAs} failed SQLite's integrity check: ${String(integrity)}`);

    const tables = new Set(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all());
    const missing = REQUIRED_TABLES.filter((name) => !tables.has(name));
    if (missing.length > 0) {
      throw badRequest(`${shownAs} is an SQLite database but not an Opinio one (missing tables: ${missing.join(", ")})`);
    }

    sqlite.pragma("foreign_keys = ON");
    try {
      migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (error) {
      throw badRequest(
        `${shownAs} could not be brought up to the current schema: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    // Leave a single file behind: the WAL is folded in and removed on close.
    sqlite.pragma("journal_mode = DELETE");
  });
}

function asUnreadable(error: unknown, shownAs: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  if (error.code === "SQLITE_NOTADB") return badRequest(`${shownAs} is not an SQLite database`);
  if (error.code.startsWith("SQLITE_CORRUPT")) return badRequest(`${shownAs} is a damaged SQLite database: ${error.message}`);
  return new AppError("bad_request", `${shownAs} could not be read: ${error.message}`);
}

function withDatabase<T>(file: string, work: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(file, { fileMustExist: true });
  try {
    return work(sqlite);
  } finally {
    sqlite.close();
  }
}

function tempPathBeside(file: string, purpose: string): string {
  // Same directory, so the final rename stays on one file system and is atomic.
  return path.join(path.dirname(file), `.${path.basename(file)}.${purpose}-${randomBytes(6).toString("hex")}.tmp`);
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", ...SIDECAR_SUFFIXES]) fs.rmSync(file + suffix, { force: true });
}

function isDirectory(dir: string): boolean {
  return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable; not every platform can fsync a directory, and that is not fatal. */
function fsyncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open directories; the rename itself has happened.
  }
}
