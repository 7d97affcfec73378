import Database from "better-sqlite3";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { drizzle } from "drizzle-orm/node-postgres";
import { readMigrationFiles } from "drizzle-orm/migrator";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import {
  copySqliteToPostgres,
  CopyMismatchError,
  lastAppliedMigrationAt,
  tablesWithRows,
  type CopyReport,
} from "@/db/postgres/copy-from-sqlite";
import { migratePostgres } from "@/db/postgres/migrate";
import { rebuildSearchIndex } from "@/db/postgres/queries/search";
import * as schema from "@/db/postgres/schema";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";

/**
 * `migrate-to-postgres --from FILE --to URL` (issue 20, preview): moves an Opinio SQLite database
 * into an empty PostgreSQL database. The SQLite file is opened read-only and never changed. The
 * target is checked before anything is written to it: a database that already holds Opinio data
 * is refused. Then its schema is migrated, and the data copied and verified in one transaction.
 */
export async function migrateToPostgres(input: {
  from: string;
  to: string;
}): Promise<CopyReport & { searchIndex: { pages: number; comments: number }; target: string }> {
  const target = describeUrl(input.to);
  const sqlite = openSourceReadOnly(input.from);
  try {
    await refuseOccupiedTarget(input.to, target);
    await migratePostgres(input.to).catch((error: unknown) => {
      throw new AppError("internal", `Could not create the schema in ${target}: ${messageOf(error)}`);
    });
    const report = await withClient(input.to, target, (client) =>
      copySqliteToPostgres(sqlite, drizzle(client)).catch((error: unknown) => {
        if (error instanceof CopyMismatchError) throw new AppError("internal", error.message, error.report);
        // The transaction is rolled back: the target has the schema and no rows, ready for another run.
        throw new AppError("internal", `The copy failed and was rolled back, so ${target} holds no data: ${messageOf(error)}`);
      }),
    );
    // FTS5's index is not a table to copy: PostgreSQL's is built from the copied pages and comments.
    const searchIndex = await withClient(input.to, target, (client) => rebuildSearchIndex(drizzle(client, { schema })));
    return { ...report, searchIndex, target };
  } finally {
    sqlite.close();
  }
}

/** The SQLite migrations this version of Opinio has, the last of which the source must have seen. */
const SQLITE_MIGRATIONS = path.join(process.cwd(), "db", "migrations");

function openSourceReadOnly(file: string): Database.Database {
  const from = path.resolve(file);
  if (!fs.existsSync(from)) throw notFound(`No such file: ${from}`);
  if (!fs.statSync(from).isFile()) throw badRequest(`${from} is not a file`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(from, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw badRequest(`${from} could not be opened: ${messageOf(error)}`);
  }
  try {
    checkSourceSchema(sqlite, from);
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/**
 * The copy maps the current SQLite schema onto the current PostgreSQL one, so the source must be
 * fully migrated; being read-only, this command cannot migrate it itself.
 */
function checkSourceSchema(sqlite: Database.Database, from: string): void {
  let appliedAt: number | null;
  try {
    appliedAt = lastAppliedMigrationAt(sqlite);
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code === "SQLITE_NOTADB") throw badRequest(`${from} is not an SQLite database`);
    throw error;
  }
  if (appliedAt === null) throw badRequest(`${from} is an SQLite database but not an Opinio one`);
  const latest = readMigrationFiles({ migrationsFolder: SQLITE_MIGRATIONS }).at(-1)?.folderMillis;
  if (appliedAt !== latest) {
    throw badRequest(
      `${from} was last used by another version of Opinio (its schema is not the current one). Start this version of Opinio on it once, or run \`DATABASE_URL=${from} npm run db:migrate\`, then move it.`,
    );
  }
}

async function refuseOccupiedTarget(url: string, target: string): Promise<void> {
  const occupied = await withClient(url, target, (client) => tablesWithRows(drizzle(client)));
  if (occupied.length > 0) {
    throw conflict(`${target} already holds Opinio data (in ${occupied.join(", ")}); move into an empty database. Nothing was written.`);
  }
}

async function withClient<T>(url: string, target: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw badRequest(`Could not connect to PostgreSQL at ${target}: ${messageOf(error)}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The target as people may see it in output: a postgres:// URL without its password. */
function describeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest(`--to: "${raw}" is not a URL; give one like postgres://user:password@host:5432/database`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw badRequest(`--to: expected a postgres:// URL, got ${url.protocol}//…`);
  }
  if (url.password) url.password = "***";
  return url.toString();
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  // drizzle's wrapper repeats the statement and every parameter (document bytes, comment
  // text); the driver's own message underneath says what went wrong.
  if (error instanceof DrizzleQueryError && error.cause) return messageOf(error.cause);
  if (error instanceof Error) return error.message || ("code" in error ? String(error.code) : error.name);
  return String(error);
}
