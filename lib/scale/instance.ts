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
  return {
    instanceId: `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
    redisUrl: env.REDIS_URL,
    db: getPostgres(env.DATABASE_URL!).db,
  };
}
