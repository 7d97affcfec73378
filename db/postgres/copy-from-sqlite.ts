import type Database from "better-sqlite3";
import { count, getTableColumns, getTableName, gt, sql, type SQL } from "drizzle-orm";
import { drizzle as sqliteDrizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { PgTable } from "drizzle-orm/pg-core";
import { createHash } from "node:crypto";
import { auditEvents } from "./schema";
import { tablePairsInForeignKeyOrder, type TablePair } from "./tables";

/**
 * The data side of `migrate-to-postgres` (lib/cli/migrate-to-postgres.ts): copying every table of
 * an Opinio SQLite database into a migrated, empty PostgreSQL database and checking the result.
 * Rows go through the two drizzle schemas, whose property names are the same, so drizzle does the
 * type conversions (epoch milliseconds → Date → timestamptz, blobs → Buffer → bytea).
 */

export type TableCount = { table: string; sqlite: number; postgres: number };
export type ByteChecksum = { column: string; sqlite: string; postgres: string };
/** Text values that held NUL characters, which PostgreSQL text cannot store (see copyTable). */
export type ReplacedNuls = { column: string; values: number };
export type CopyReport = { tables: TableCount[]; checksums: ByteChecksum[]; replacedNuls: ReplacedNuls[] };

type Row = Record<string, unknown>;

/** Rows read from SQLite and inserted into PostgreSQL at a time; fewer where rows hold Yjs bytes. */
const BATCH_ROWS = 1000;
const BATCH_ROWS_WITH_BYTES = 50;

/**
 * When the SQLite database's newest applied migration was generated (drizzle's `created_at`, the
 * journal's `when`), so the caller can tell whether its schema is the current one; null when it
 * has no migration log, i.e. is not an Opinio database.
 */
export function lastAppliedMigrationAt(sqlite: Database.Database): number | null {
  const hasLog = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!hasLog) return null;
  const last = sqlite.prepare("SELECT max(created_at) FROM __drizzle_migrations").pluck().get();
  return last === null || last === undefined ? null : Number(last);
}

/** Tables that exist in the target and hold at least one row (a non-empty target is refused). */
export async function tablesWithRows(pg: NodePgDatabase): Promise<string[]> {
  const found: string[] = [];
  for (const { name, postgres } of tablePairsInForeignKeyOrder()) {
    const exists = await pg.execute<{ oid: string | null }>(sql`select to_regclass(${`public.${name}`}) as oid`);
    if (!exists.rows[0]?.oid) continue;
    const rows = await pg
      .select({ one: sql`1` })
      .from(postgres)
      .limit(1);
    if (rows.length > 0) found.push(name);
  }
  return found;
}

/**
 * Copies every table of `sqlite` (opened read-only by the caller) into `pg`, parents before
 * children, in ONE PostgreSQL transaction, then compares row counts per table and checksums of
 * the Yjs bytes before committing. Any error or mismatch rolls the whole copy back. All reads
 * happen in one SQLite read transaction, so they see one consistent state of the file.
 */
export async function copySqliteToPostgres(sqlite: Database.Database, pg: NodePgDatabase): Promise<CopyReport> {
  const source = sqliteDrizzle(sqlite);
  const pairs = tablePairsInForeignKeyOrder();
  sqlite.exec("BEGIN");
  try {
    const seqs = LogSequences.read(sqlite);
    return await pg.transaction(async (tx) => {
      const replacedNuls: ReplacedNuls[] = [];
      for (const pair of pairs) replacedNuls.push(...(await copyTable(source, tx, pair, seqs)));
      await continueAuditIds(tx);
      const report = { tables: await countRows(source, tx, pairs), checksums: await compareBytes(sqlite, tx), replacedNuls };
      const wrong = report.tables.filter((t) => t.sqlite !== t.postgres).map((t) => t.table);
      wrong.push(...report.checksums.filter((c) => c.sqlite !== c.postgres).map((c) => c.column));
      if (wrong.length > 0) throw new CopyMismatchError(wrong, report);
      return report;
    });
  } finally {
    sqlite.exec("ROLLBACK");
  }
}

/** The copy did not arrive whole; the transaction was rolled back. */
export class CopyMismatchError extends Error {
  constructor(
    readonly mismatched: string[],
    readonly report: CopyReport,
  ) {
    super(`The copy does not match the SQLite database (${mismatched.join(", ")}); nothing was committed`);
  }
}

/**
 * Copies one table in batches. SQLite text may hold NUL characters (nothing on the way in strips
 * them) but PostgreSQL text cannot: rather than fail the whole move over one stray character,
 * each becomes U+FFFD (the replacement character) and the columns affected are reported.
 */
async function copyTable(source: BetterSQLite3Database, tx: NodePgDatabase, pair: TablePair, seqs: LogSequences): Promise<ReplacedNuls[]> {
  const replaced = new Map<string, number>();
  const columns = getTableColumns(pair.sqlite);
  const hasBytes = Object.values(columns).some((column) => column.columnType === "SQLiteBlobBuffer");
  const batch = hasBytes ? BATCH_ROWS_WITH_BYTES : BATCH_ROWS;
  const convert = CONVERSIONS[pair.name] ?? ((row: Row) => row);
  // Paged by rowid (every Opinio table has one): the SQLite insertion order, which is also the
  // order the update log's seq numbers are given in.
  const rowid = sql<number>`rowid`;
  let after = 0;
  for (;;) {
    const rows = source
      .select({ ...columns, rowidForPaging: rowid })
      .from(pair.sqlite)
      .where(gt(rowid, after))
      .orderBy(rowid)
      .limit(batch)
      .all() as Row[];
    if (rows.length === 0) break;
    after = rows[rows.length - 1].rowidForPaging as number;
    const values = rows.map(({ rowidForPaging: _, ...row }) => {
      for (const [key, value] of Object.entries(row)) {
        if (typeof value !== "string" || !value.includes("\u0000")) continue;
        row[key] = value.replaceAll("\u0000", "\uFFFD");
        const column = `${pair.name}.${columns[key].name}`;
        replaced.set(column, (replaced.get(column) ?? 0) + 1);
      }
      return convert(row, seqs);
    });
    await tx.insert(pair.postgres as PgTable).values(values as never);
  }
  return [...replaced].map(([column, values]) => ({ column, values }));
}

/**
 * The three places the update log's position appears. SQLite numbers log entries with one global
 * id; PostgreSQL keys them by (page_id, seq) (db/postgres/schema/pages.ts).
 */
const CONVERSIONS: Record<string, (row: Row, seqs: LogSequences) => Row> = {
  page_updates: ({ id, ...row }, seqs) => ({ ...row, seq: seqs.of(row.pageId as string, id as number) }),
  page_contents: (row, seqs) => ({ ...row, compactedThrough: seqs.of(row.pageId as string, row.compactedThrough as number) }),
  page_revisions: (row, seqs) => ({ ...row, throughUpdateId: seqs.of(row.pageId as string, row.throughUpdateId as number) }),
};

/**
 * Per-page log numbering. Every log position a page mentions — its log entries' ids, its
 * compacted_through, its revisions' through_update_id — is numbered 1, 2, 3… in SQLite id
 * order (0, "nothing yet", stays 0). The numbering keeps order and equality within the page, and
 * every use of these numbers compares positions of one page (the log after compacted_through,
 * the entries between two revisions), so each comparison gives the same answer as before.
 */
class LogSequences {
  private constructor(private readonly byPage: Map<string, number[]>) {}

  static read(sqlite: Database.Database): LogSequences {
    const positions = sqlite
      .prepare(
        `SELECT page_id, id AS position FROM page_updates
         UNION SELECT page_id, compacted_through FROM page_contents
         UNION SELECT page_id, through_update_id FROM page_revisions
         ORDER BY 1, 2`,
      )
      .iterate() as IterableIterator<{ page_id: string; position: number }>;
    const byPage = new Map<string, number[]>();
    for (const { page_id, position } of positions) {
      if (position === 0) continue;
      let list = byPage.get(page_id);
      if (!list) byPage.set(page_id, (list = []));
      list.push(position); // ascending and distinct (UNION, ORDER BY)
    }
    return new LogSequences(byPage);
  }

  of(pageId: string, position: number): number {
    if (position === 0) return 0;
    const list = this.byPage.get(pageId) ?? [];
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (list[middle] === position) return middle + 1;
      if (list[middle] < position) low = middle + 1;
      else high = middle - 1;
    }
    throw new Error(`Log position ${position} of page ${pageId} was not read`);
  }
}

/** The audit ids were copied as they were; new events must be numbered after them. */
async function continueAuditIds(tx: NodePgDatabase): Promise<void> {
  await tx.execute(
    sql`select setval(pg_get_serial_sequence('audit_events', 'id'), coalesce(max(${auditEvents.id}), 1), max(${auditEvents.id}) is not null) from ${auditEvents}`,
  );
}

async function countRows(source: BetterSQLite3Database, tx: NodePgDatabase, pairs: TablePair[]): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const pair of pairs) {
    const inSqlite = source.select({ n: count() }).from(pair.sqlite).get()?.n ?? 0;
    const [inPostgres] = await tx.select({ n: count() }).from(pair.postgres);
    counts.push({ table: getTableName(pair.sqlite), sqlite: inSqlite, postgres: inPostgres?.n ?? 0 });
  }
  return counts;
}

/**
 * Each binary column is read back in the same order on both sides (SQLite's BINARY collation and
 * PostgreSQL's "C" both order ids by their bytes; seq follows SQLite's id order) and digested as
 * md5 of the concatenated per-row md5 hex digests ("-" for null), which PostgreSQL computes
 * without sending the bytes back.
 */
type ByteColumn = {
  column: string;
  /** The column's values, in the order the PostgreSQL digest uses. */
  sqlite: (db: Database.Database) => Iterable<Buffer | null>;
  postgres: SQL;
};

const BYTE_COLUMNS: ByteColumn[] = [
  {
    column: "page_contents.ydoc",
    sqlite: (db) => db.prepare("SELECT ydoc FROM page_contents ORDER BY page_id").pluck().iterate() as Iterable<Buffer>,
    postgres: sql`select md5(coalesce(string_agg(coalesce(md5(ydoc), '-'), '' order by page_id collate "C"), '')) as digest from page_contents`,
  },
  {
    column: "page_updates.update",
    sqlite: (db) => db.prepare('SELECT "update" FROM page_updates ORDER BY page_id, id').pluck().iterate() as Iterable<Buffer>,
    postgres: sql`select md5(coalesce(string_agg(coalesce(md5("update"), '-'), '' order by page_id collate "C", seq), '')) as digest from page_updates`,
  },
  {
    column: "page_revisions.delta",
    sqlite: (db) => db.prepare("SELECT delta FROM page_revisions ORDER BY id").pluck().iterate() as Iterable<Buffer>,
    postgres: sql`select md5(coalesce(string_agg(coalesce(md5(delta), '-'), '' order by id collate "C"), '')) as digest from page_revisions`,
  },
  {
    column: "page_revisions.checkpoint",
    sqlite: (db) => db.prepare("SELECT checkpoint FROM page_revisions ORDER BY id").pluck().iterate() as Iterable<Buffer | null>,
    postgres: sql`select md5(coalesce(string_agg(coalesce(md5(checkpoint), '-'), '' order by id collate "C"), '')) as digest from page_revisions`,
  },
];

async function compareBytes(sqlite: Database.Database, tx: NodePgDatabase): Promise<ByteChecksum[]> {
  const results: ByteChecksum[] = [];
  for (const spec of BYTE_COLUMNS) {
    const digests = createHash("md5");
    for (const value of spec.sqlite(sqlite)) digests.update(value === null ? "-" : createHash("md5").update(value).digest("hex"));
    const { rows } = await tx.execute<{ digest: string }>(spec.postgres);
    results.push({ column: spec.column, sqlite: digests.digest("hex"), postgres: rows[0]?.digest ?? "" });
  }
  return results;
}
