import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwnerCalls, OwnerCallError } from "@/lib/scale/owner-calls";
import { startRedisProcess, type RedisProcess } from "../helpers/redis-process";

/**
 * Asking a page's owner to change it (issue 20), over a real Redis of the test's own: answers and
 * errors come back to the caller, and an owner that is gone or silent is a clear failure, not a
 * wait without end.
 */

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedisProcess();
});
afterAll(async () => {
  await redis?.stop();
});

type Request = { pageId: string; text: string };

function instance(instanceId: string, handle: (request: Request) => Promise<string>, timeoutMs = 2_000) {
  return createOwnerCalls<Request, string>({ redisUrl: redis.url, instanceId, handle, timeoutMs });
}

describe("calls to a page's owner", () => {
  it("bring back the owner's answer, or its error as the caller's", async () => {
    const seen: Request[] = [];
    const owner = instance("owner", async (request) => {
      seen.push(request);
      if (request.text === "bad") throw new Error("That version does not exist");
      return `${request.pageId}: ${request.text}`;
    });
    const caller = instance("caller", async () => "unused");
    try {
      await Promise.all([owner.ready, caller.ready]);
      const answers = await Promise.all([
        caller.call("owner", { pageId: "p1", text: "a" }),
        caller.call("owner", { pageId: "p2", text: "b" }),
      ]);
      expect(answers).toEqual(["p1: a", "p2: b"]);
      await expect(caller.call("owner", { pageId: "p1", text: "bad" })).rejects.toEqual(new OwnerCallError("That version does not exist"));
      expect(seen).toHaveLength(3);
    } finally {
      await Promise.all([owner.close(), caller.close()]);
    }
  });

  it("fail in time for an instance that is not listening, and for one that does not answer", async () => {
    const silent = instance("silent", () => new Promise<string>(() => {}));
    const caller = instance("caller", async () => "unused", 300);
    try {
      await Promise.all([silent.ready, caller.ready]);
      await expect(caller.call("gone", { pageId: "p1", text: "a" })).rejects.toThrow(/gone is not listening/);
      await expect(caller.call("silent", { pageId: "p1", text: "a" })).rejects.toThrow(/silent did not answer within 300 ms/);
    } finally {
      await Promise.all([silent.close(), caller.close()]);
    }
  });

  it("wait for Redis to come back within their timeout: a call made just after a restart is answered", async () => {
    const owner = instance("owner", async (request) => `done: ${request.text}`, 10_000);
    const caller = instance("caller", async () => "unused", 10_000);
    try {
      await Promise.all([owner.ready, caller.ready]);
      await redis.stop();
      await redis.start();
      // Neither instance has reconnected yet (ioredis retries on a back-off): the call waits for
      // its own connections, then for the owner to listen again, instead of failing at once.
      expect(await caller.call("owner", { pageId: "p1", text: "after the restart" })).toBe("done: after the restart");

      // Redis gone for longer than the call's timeout: a clear failure, in time.
      const impatient = instance("impatient", async () => "unused", 500);
      await impatient.ready;
      await redis.stop();
      const started = performance.now();
      await expect(impatient.call("owner", { pageId: "p1", text: "a" })).rejects.toBeInstanceOf(OwnerCallError);
      expect(performance.now() - started).toBeLessThan(2_000);
      await impatient.close();
    } finally {
      await redis.start();
      await Promise.all([owner.close(), caller.close()]);
    }
  }, 30_000);
});
