import { getPostgres } from "@/db/postgres/client";

/**
 * PostgreSQL only: holds a lock from a connection of its own (`lockSql`, run in a transaction)
 * while `start` launches transactions, waits until `waiters` of them are blocked on it, then lets
 * go (rolling back). So each of them has read what it needed before any of them writes: the
 * interleaving a race needs, made certain rather than left to timing (password hashing before a
 * command's transaction spreads them out).
 */
export async function raceBehindLock<T>(
  lockSql: string,
  params: unknown[],
  waiters: number,
  start: () => Promise<T>[],
): Promise<PromiseSettledResult<T>[]> {
  const { pool } = getPostgres(process.env.DATABASE_URL!);
  const holder = await pool.connect();
  try {
    await holder.query("BEGIN");
    await holder.query(lockSql, params);
    const racing = Promise.allSettled(start());
    // Asked outside the holder's transaction: within one, pg_stat_activity answers from a snapshot.
    const blocked = async () =>
      (await pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))
        .rows[0].n as number;
    for (let waited = 0; (await blocked()) < waiters; waited += 20) {
      if (waited > 10_000) throw new Error(`fewer than ${waiters} transactions came to wait on the lock`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await holder.query("ROLLBACK");
    return await racing;
  } finally {
    holder.release();
  }
}

/** raceBehindLock with one row of `table` locked FOR UPDATE: the racers' updates of it wait. */
export function raceBehindRowLock<T>(table: string, id: string, waiters: number, start: () => Promise<T>[]) {
  return raceBehindLock(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id], waiters, start);
}
