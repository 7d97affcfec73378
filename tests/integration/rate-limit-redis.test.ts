import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthLimiters } from "@/lib/auth/rate-limit";
import { startRedisProcess, type RedisProcess } from "../helpers/redis-process";

/**
 * Sign-in budgets in Redis (issue 20): two instances count one budget, so a load balancer does not
 * multiply it; with Redis gone, each instance counts in memory instead of refusing everyone.
 */
let redis: RedisProcess;
const clients: Redis[] = [];
const LIMIT = 10; // AUTH_RATE_LIMIT's default

beforeAll(async () => {
  delete process.env.AUTH_RATE_LIMIT;
  redis = await startRedisProcess();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

function instance(keyPrefix: string) {
  const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  client.on("error", () => undefined);
  clients.push(client);
  return createAuthLimiters({ client, keyPrefix });
}

const admitted = (limiter: ReturnType<typeof instance>["address"], key: string) =>
  limiter.consume(key).then(
    () => true,
    (refusal: unknown) => {
      if (refusal instanceof Error) throw refusal;
      return false;
    },
  );

describe("sign-in budgets in Redis", () => {
  it("are one budget across instances", async () => {
    const prefix = `test:${randomBytes(4).toString("hex")}`;
    const [a, b] = [instance(prefix), instance(prefix)];
    await Promise.all(
      clients.map((client) => new Promise((resolve) => (client.status === "ready" ? resolve(null) : client.once("ready", resolve)))),
    );
    const key = "10.0.0.1:a@example.test";
    for (let i = 0; i < LIMIT; i++) expect(await admitted((i % 2 ? a : b).address, key)).toBe(true);
    expect(await admitted(a.address, key)).toBe(false);
    expect(await admitted(b.address, key)).toBe(false);
    // In memory, each instance would have granted its own LIMIT.
    const memoryOnly = createAuthLimiters();
    expect(await admitted(memoryOnly.address, key)).toBe(true);
  });

  it("fall back to counting in memory while Redis is down, without refusing", async () => {
    const limiters = instance(`test:${randomBytes(4).toString("hex")}`);
    await redis.stop();
    try {
      const key = "10.0.0.2:b@example.test";
      for (let i = 0; i < LIMIT; i++) expect(await admitted(limiters.address, key)).toBe(true);
      expect(await admitted(limiters.address, key)).toBe(false);
    } finally {
      await redis.start();
    }
  });
});
