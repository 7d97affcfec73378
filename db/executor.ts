import { AsyncLocalStorage } from "node:async_hooks";
import { closeDb, getDb, otherTransactionEnded, sqliteTransaction, type Db } from "./client";
import { Mutex } from "./mutex";
import { closePostgres, getPostgres, type PgExecutor } from "./postgres/client";

/**
 * The async data layer's one entry point (docs/architecture.md, "Data layer"). DATABASE_URL
 * chooses the dialect: a file path (or none) is SQLite, as always; a postgres:// URL is
 * PostgreSQL. Query modules never open connections: they ask for the current executor, which is
 * the process database or, inside `transaction`, the transaction.
 */
export type Dialect = "sqlite" | "postgres";

export type Executor = { dialect: "sqlite"; db: Db } | { dialect: "postgres"; db: PgExecutor };

export function databaseDialect(): Dialect {
  return /^postgres(ql)?:/i.test(process.env.DATABASE_URL ?? "") ? "postgres" : "sqlite";
}

// PostgreSQL's transaction scope; SQLite's lives in db/client.ts beside the connection it guards.
// On globalThis for the same reason as the connections: two module copies, one process.
const postgresScopes: AsyncLocalStorage<{ tx: PgExecutor; nested: Mutex }> = ((
  globalThis as typeof globalThis & { __opinioPostgresScopes?: AsyncLocalStorage<{ tx: PgExecutor; nested: Mutex }> }
).__opinioPostgresScopes ??= new AsyncLocalStorage());

function postgresExecutor(): PgExecutor {
  return postgresScopes.getStore()?.tx ?? getPostgres(process.env.DATABASE_URL!).db;
}

/**
 * Runs `work` in one transaction: everything the query modules do inside it, awaited or called
 * from it, commits together or, if it throws, not at all. A nested call is a savepoint (rolled
 * back alone if it throws). PostgreSQL: a real transaction on one pooled client, so several run
 * at once. SQLite: one at a time on the process connection, holding the write lock across the
 * awaits (db/client.ts says how that stays sound); await only database calls inside it.
 */
export async function transaction<T>(work: () => Promise<T>): Promise<T> {
  if (databaseDialect() === "sqlite") return sqliteTransaction(work);
  const scope = postgresScopes.getStore();
  // Concurrent savepoints on one client would interleave; the inner mutex queues them.
  if (scope) return scope.nested.run(() => scope.tx.transaction((tx) => postgresScopes.run({ tx, nested: new Mutex() }, work)));
  return getPostgres(process.env.DATABASE_URL!).db.transaction((tx) => postgresScopes.run({ tx, nested: new Mutex() }, work));
}

/**
 * Declares one query function of the async layer from its two implementations, which take the
 * executor first and otherwise the same arguments: the SQLite one synchronous (better-sqlite3),
 * the PostgreSQL one async, both returning the same type (the compiler holds them together).
 */
export function perDialect<A extends unknown[], R>(
  sqlite: (db: Db, ...args: A) => R,
  postgres: (db: PgExecutor, ...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    if (databaseDialect() === "postgres") return postgres(postgresExecutor(), ...args);
    // Outside an open transaction, wait for it to end rather than read or write into it.
    for (let ended = otherTransactionEnded(); ended; ended = otherTransactionEnded()) await ended;
    return sqlite(getDb(), ...args);
  };
}

/** Closes whichever connections are open (tests, shutdown). */
export async function closeDatabase(): Promise<void> {
  closeDb();
  await closePostgres();
}
