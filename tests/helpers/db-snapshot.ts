import { getDbHandle } from "@/db/client";
import { databaseDialect } from "@/db/executor";
import { withPostgres } from "./temp-postgres";

/** Every row of each table, as sorted JSON lines, by table name. */
export type DbSnapshot = Record<string, string[]>;

/**
 * Columns every authenticated request stamps, so a refused request changes them too: left out of
 * snapshots, which are about what a request did, not that it was made.
 */
const STAMPS: Record<string, string[]> = { api_tokens: ["last_used_at"] };

/** Every row of `tables` (all the app's tables when not given) as plain objects, by table name. */
async function readTables(tables?: string[]): Promise<Record<string, Record<string, unknown>[]>> {
  const read: Record<string, Record<string, unknown>[]> = {};
  if (databaseDialect() === "postgres") {
    await withPostgres(process.env.DATABASE_URL!, async (client) => {
      const names =
        tables ??
        (
          await client.query<{ name: string }>(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_%' ORDER BY tablename",
          )
        ).rows.map((row) => row.name);
      for (const table of names) read[table] = (await client.query(`SELECT * FROM "${table.replace(/"/g, '""')}"`)).rows;
    });
    return read;
  }
  const { sqlite } = getDbHandle();
  for (const table of tables ?? sqliteTables()) {
    // Table names come from sqlite_master or the test, not from input; quoting keeps them identifiers.
    read[table] = sqlite.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).all() as Record<string, unknown>[];
  }
  return read;
}

function sqliteTables(): string[] {
  const { sqlite } = getDbHandle();
  const names = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  // FTS5 keeps its own shadow tables; the virtual table itself is compared.
  return names.filter((name) => !/^search_(index|titles)_/.test(name));
}

/** Every row of one table, as the driver reads it (bytea and BLOB as Buffers), on either database. */
export async function tableRows(table: string): Promise<Record<string, unknown>[]> {
  return (await readTables([table]))[table];
}

/**
 * Pages' stored bodies and logs (one page's when given) as one string, on either database: equal
 * before and after a write that must have been refused. The log is keyed by id on SQLite and by
 * (page, seq) on PostgreSQL; update times are left out (a compaction touches them).
 */
export async function storedPages(pageId?: string): Promise<string> {
  const mine = (row: Record<string, unknown>) => pageId === undefined || row.page_id === pageId;
  const hex = (value: unknown) => Buffer.from(value as Uint8Array).toString("hex");
  const contents = (await tableRows("page_contents"))
    .filter(mine)
    .map((row) => [row.page_id, hex(row.ydoc), row.json, row.text])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const log = (await tableRows("page_updates"))
    .filter(mine)
    .map((row) => [row.page_id, Number(row.seq ?? row.id), hex(row.update)] as const)
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || a[1] - b[1]);
  return JSON.stringify([contents, log]);
}

/**
 * The rows of every table the app writes (or of `tables` only), read from the database the test
 * process opened (the server's own, see useDataDir, or its PostgreSQL database): taken before and
 * after a request that must be refused, to prove it changed nothing.
 */
export async function snapshotDatabase(tables?: string[]): Promise<DbSnapshot> {
  const state: DbSnapshot = {};
  for (const [table, rows] of Object.entries(await readTables(tables))) {
    const stamps = STAMPS[table] ?? [];
    state[table] = rows
      .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([column]) => !stamps.includes(column)))))
      .sort();
  }
  return state;
}

/**
 * The tables whose rows differ between two snapshots (a short failure message, not a dump). The
 * second is taken now, of the same tables, unless given.
 */
export async function changedTables(before: DbSnapshot, after?: DbSnapshot): Promise<string[]> {
  after ??= await snapshotDatabase(Object.keys(before));
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name])).sort();
}

/**
 * Waits until the database stops changing (a restore through the collab server compacts later),
 * for at most about six seconds. "Stopped" can only mean "the same after a pause", so this one
 * wait is on time: two snapshots 150 ms apart.
 */
export async function settleDatabase(): Promise<void> {
  let last = await snapshotDatabase();
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const next = await snapshotDatabase();
    if ((await changedTables(last, next)).length === 0) return;
    last = next;
  }
}
