import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControlBus, type ControlMessage } from "@/lib/scale/control-bus";
import { startRedisProcess, type RedisProcess } from "../helpers/redis-process";
import { holdsFor, waitFor } from "../helpers/wait";

/**
 * Decisions about open collab connections reach every instance (issue 20) over a real Redis of the
 * test's own: applied once where they were made and once on each other instance, and still applied
 * where they were made when Redis is down.
 */

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedisProcess();
});
afterAll(async () => {
  await redis?.stop();
});

function instance(instanceId: string) {
  const applied: ControlMessage[] = [];
  const errors: unknown[] = [];
  const bus = createControlBus({ redisUrl: redis.url, instanceId, apply: (m) => applied.push(m), onError: (e) => errors.push(e) });
  return { bus, applied, errors };
}

describe("the control bus", () => {
  it("applies a message once where it was published and once on every other instance", async () => {
    const [a, b, c] = [instance("a"), instance("b"), instance("c")];
    try {
      await Promise.all([a.bus.ready, b.bus.ready, c.bus.ready]);
      const revoke: ControlMessage = { kind: "closeUser", userId: "u1", wikiId: "w1" };
      a.bus.publish(revoke);
      // Applied here within the call: the request that decided it sees it done.
      expect(a.applied).toEqual([revoke]);
      await waitFor(() => expect([b.applied, c.applied]).toEqual([[revoke], [revoke]]));
      await holdsFor(() => expect(a.applied).toEqual([revoke]), 200);
    } finally {
      await Promise.all([a.bus.close(), b.bus.close(), c.bus.close()]);
    }
  });

  it("ignores what is not one of its messages on the channel", async () => {
    const a = instance("a");
    const stranger = new Redis(redis.url);
    try {
      await a.bus.ready;
      await stranger.publish("opinio:control", "not json");
      await stranger.publish("opinio:control", JSON.stringify({ from: "x" }));
      const trash: ControlMessage = { kind: "closePage", pageId: "p1" };
      await stranger.publish("opinio:control", JSON.stringify({ from: "x", message: trash }));
      await waitFor(() => expect(a.applied).toEqual([trash]));
    } finally {
      stranger.disconnect();
      await a.bus.close();
    }
  });

  it("still applies a message where it was published while Redis is down", async () => {
    const a = instance("a");
    try {
      await a.bus.ready;
      await redis.stop();
      const message: ControlMessage = { kind: "broadcastPage", pageId: "p1", message: { type: "comments" } };
      expect(() => a.bus.publish(message)).not.toThrow();
      expect(a.applied).toEqual([message]);
      await waitFor(() => expect(a.errors.length).toBeGreaterThan(0));
    } finally {
      await a.bus.close();
      await redis.start();
    }
  });
});
