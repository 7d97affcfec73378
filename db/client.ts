import Database from "better-sqlite3";
import { AsyncLocalStorage } from "node:async_hooks";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { databasePath } from "@/lib/env";
import { reuseStatements } from "@/lib/patches/better-sqlite3";
import { Mutex } from "./mutex";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

type DbHandle = { db: Db; sqlite: Database.Database; file: string };

// The custom server (tsx) and Next's route bundles load separate copies of this module; keeping
// the handle on globalThis gives the whole process one connection (vercel/next.js #54782).
const registry = globalThis as typeof globalThis & { __opinioDb?: DbHandle; __opinioBystander?: DbHandle };

function open(): DbHandle {
  if (/^postgres(ql)?:/i.test(process.env.DATABASE_URL ?? ""))
    throw new Error(
      "DATABASE_URL names PostgreSQL, but this code still runs on the synchronous SQLite layer (docs/architecture.md, 'Data layer': the subject is not converted yet)",
    );
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

function processHandle(): DbHandle {
  registry.__opinioDb ??= open();
  return registry.__opinioDb;
}

/**
 * The process connection (raw better-sqlite3 and drizzle), or the bystander connection for code
 * outside an open async transaction, like getDb() below.
 */
export function getDbHandle(): DbHandle {
  if (asyncTransactions.open && !inOpenAsyncTransaction()) return bystanderHandle();
  return processHandle();
}

/**
 * The process-wide drizzle database. While an async transaction (`sqliteTransaction`) is open on
 * it, code outside that transaction gets a second connection instead: it reads what is committed
 * (WAL gives it a snapshot) and cannot slip its statements into someone else's transaction.
 */
export function getDb(): Db {
  return getDbHandle().db;
}

export function closeDb(): void {
  registry.__opinioDb?.sqlite.close();
  registry.__opinioDb = undefined;
  registry.__opinioBystander?.sqlite.close();
  registry.__opinioBystander = undefined;
}

// --- Async transactions on SQLite (docs/architecture.md, "Data layer") -------------------------
//
// better-sqlite3 runs a transaction's callback synchronously, so it cannot await (drizzle-orm
// #1472). An async transaction therefore holds SQLite's write lock on the process connection
// across awaits: BEGIN IMMEDIATE, the work, COMMIT (ROLLBACK on a throw). Three things keep that
// sound, all on the one globalThis entry both module copies share:
// - a mutex: one async transaction at a time (the connection can hold only one);
// - an AsyncLocalStorage scope: the work, and everything it calls (synchronous query modules
//   not converted yet included), runs on the transaction; a nested call takes a savepoint;
// - bystanders wait: converted (async) queries from outside the open transaction wait for it to
//   end (`untilSqliteIdle`); unconverted synchronous code cannot wait, so getDb() hands it the
//   bystander connection, which reads committed data and refuses writes at once (busy_timeout 0)
//   rather than joining a transaction that may yet roll back, or blocking the thread the lock
//   holder needs.
// Work inside a transaction should await only database calls: the lock is the whole database's.

type Scope = { root: Scope | null; nested: Mutex };
type AsyncTransactions = {
  lock: Mutex;
  scopes: AsyncLocalStorage<Scope>;
  /** The open outermost transaction, and a promise settled when it ends. */
  open: { scope: Scope; ended: Promise<void> } | null;
};

const asyncTransactions: AsyncTransactions = ((
  globalThis as typeof globalThis & { __opinioSqliteTransactions?: AsyncTransactions }
).__opinioSqliteTransactions ??= { lock: new Mutex(), scopes: new AsyncLocalStorage(), open: null });

function inOpenAsyncTransaction(): boolean {
  const scope = asyncTransactions.scopes.getStore();
  return !!scope && !!asyncTransactions.open && (scope.root ?? scope) === asyncTransactions.open.scope;
}

/**
 * While an async transaction the caller is not part of is open: a promise settled when it ends.
 * Otherwise null, and the caller may use the connection until it next awaits.
 */
export function otherTransactionEnded(): Promise<void> | null {
  return asyncTransactions.open && !inOpenAsyncTransaction() ? asyncTransactions.open.ended : null;
}

/** Runs async `work` as one write transaction on the process connection (see above). */
export async function sqliteTransaction<T>(work: () => Promise<T>): Promise<T> {
  const sqlite = processHandle().sqlite;
  if (inOpenAsyncTransaction()) {
    const parent = asyncTransactions.scopes.getStore()!;
    return parent.nested.run(() => savepoint(sqlite, parent, work));
  }
  return asyncTransactions.lock.run(async () => {
    // Throws when a synchronous transaction is open, i.e. when called (without await) from
    // inside writeTransaction's callback: the work would otherwise escape that transaction.
    sqlite.exec("BEGIN IMMEDIATE");
    const scope: Scope = { root: null, nested: new Mutex() };
    let end!: () => void;
    asyncTransactions.open = { scope, ended: new Promise<void>((resolve) => (end = resolve)) };
    try {
      const result = await asyncTransactions.scopes.run(scope, work);
      sqlite.exec("COMMIT");
      return result;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw error;
    } finally {
      asyncTransactions.open = null;
      end();
    }
  });
}

async function savepoint<T>(sqlite: Database.Database, parent: Scope, work: () => Promise<T>): Promise<T> {
  // One name for every level: SQLite's RELEASE and ROLLBACK TO act on the innermost savepoint of
  // that name, and the nested mutexes keep the levels properly nested.
  sqlite.exec("SAVEPOINT async_work");
  try {
    const result = await asyncTransactions.scopes.run({ root: parent.root ?? parent, nested: new Mutex() }, work);
    sqlite.exec("RELEASE async_work");
    return result;
  } catch (error) {
    sqlite.exec("ROLLBACK TO async_work");
    sqlite.exec("RELEASE async_work");
    throw error;
  }
}

/** The second connection getDb() gives code outside an open async transaction (see above). */
function bystanderHandle(): DbHandle {
  if (!registry.__opinioBystander) {
    const { file } = processHandle();
    const sqlite = new Database(file);
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 0");
    reuseStatements(sqlite);
    registry.__opinioBystander = { db: drizzle(sqlite, { schema }), sqlite, file };
  }
  return registry.__opinioBystander;
}

/**
 * Runs `work` as one write transaction that takes SQLite's write lock up front (BEGIN
 * IMMEDIATE). A deferred transaction that reads first and writes later fails at once with
 * SQLITE_BUSY if another connection (the CLI, a test) wrote in between; an immediate one waits
 * for the busy timeout instead. Nested calls become savepoints. `work` must be synchronous: an
 * async callback would commit before it finished (drizzle-orm #1472), so one is refused (rolled
 * back). Code converted to the async data layer uses `transaction` from db/executor.ts instead.
 */
export function writeTransaction<T>(work: () => T): T {
  if (asyncTransactions.open && !inOpenAsyncTransaction())
    throw new Error("an async transaction holds the SQLite write lock; synchronous code outside it cannot wait for it (db/client.ts)");
  return getDb().transaction(
    () => {
      const result = work();
      if (result instanceof Promise) throw new Error("writeTransaction was given async work: use transaction() from db/executor.ts");
      return result;
    },
    { behavior: "immediate" },
  );
}
