import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { getPostgres } from "@/db/postgres/client";
import type { ScaleOut } from "@/lib/collab/server";

/**
 * This process's part in a multi-instance deployment (REDIS_URL set; the deployment check has
 * made sure the database is PostgreSQL and the secrets are shared), or undefined for the single
 * process. The instance id is new at every start, never configured: a restarted instance must
 * not pass for the one before it, whose leases it did not hold (a lease renewed "by the same
 * owner" keeps its epoch, so a paused predecessor's writes would still be accepted).
 */
export function scaleOutFromEnv(env: NodeJS.ProcessEnv): ScaleOut | undefined {
  if (!env.REDIS_URL) return undefined;
  // Judged before anything is opened: a bad value stops the start with nothing to clean up.
  const leaseTtlMs = leaseTtlFromEnv(env);
  return {
    instanceId: `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
    redisUrl: env.REDIS_URL,
    db: getPostgres(env.DATABASE_URL!).db,
    leaseTtlMs,
  };
}

/** The shortest lease the test setting accepts: renewals (a third of it) must still reach the database. */
const MIN_LEASE_TTL_MS = 300;

/**
 * Test-only (OPINIO_LEASE_TTL_MS, not for operators): how long a page's lease lasts unrenewed, so
 * that the failover tests see a dead or paused owner's pages taken over in a second or two rather
 * than the default 10 s (lib/scale/page-ownership.ts). Unset: the default.
 */
function leaseTtlFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.OPINIO_LEASE_TTL_MS;
  if (value === undefined || value === "") return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < MIN_LEASE_TTL_MS)
    throw new Error(`OPINIO_LEASE_TTL_MS must be a whole number of milliseconds, at least ${MIN_LEASE_TTL_MS}; got "${value}"`);
  return ms;
}
