import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgDatabase } from "drizzle-orm/pg-core";
import { Pool } from "pg";
import * as schema from "./schema";

/**
 * What a PostgreSQL query function runs on: the pool's database, or a transaction on one pooled
 * client (drizzle's PgTransaction is a PgDatabase too), so one implementation serves both.
 */
export type PgExecutor = PgDatabase<NodePgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;

type PgHandle = { pool: Pool; db: PgExecutor; url: string };

// Like db/client.ts: the custom server and Next's route bundles share one pool through globalThis.
const registry = globalThis as typeof globalThis & { __opinioPostgres?: PgHandle };

/** The process-wide pool for `url` (DATABASE_URL), opened on first use. */
export function getPostgres(url: string): PgHandle {
  const open = registry.__opinioPostgres;
  if (open && open.url === url) return open;
  if (open) throw new Error("the PostgreSQL pool is open on another database; close it first (closePostgres)");
  const pool = new Pool({ connectionString: url, max: 10 });
  registry.__opinioPostgres = { pool, db: drizzle(pool, { schema }), url };
  return registry.__opinioPostgres;
}

export async function closePostgres(): Promise<void> {
  const open = registry.__opinioPostgres;
  registry.__opinioPostgres = undefined;
  await open?.pool.end();
}
