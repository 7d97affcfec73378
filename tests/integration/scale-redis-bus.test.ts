import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createControlBus, type ControlBus, type ControlMessage } from "@/lib/scale/control-bus";
import { startRedisProcess, type RedisProcess } from "../helpers/redis-process";
import { startTcpLink, type TcpLink } from "../helpers/tcp-link";
import { holdsFor, waitFor } from "../helpers/wait";

/**
 * The control bus across a Redis outage, on a real Redis of the test's own (the whole servers are
 * in scale-redis.test.ts): an instance that cannot hear the others re-checks what it serves
 * (here: counts the calls) while deaf and once it listens again, and what an instance could not
 * publish reaches the others, in order, once its connection is back.
 */
let redis: RedisProcess;
let link: TcpLink;
const buses: ControlBus[] = [];

beforeAll(async () => {
  redis = await startRedisProcess();
  link = await startTcpLink(redis.url);
});
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});
afterAll(async () => {
  await link?.close();
  await redis?.stop();
});

function instance(instanceId: string, redisUrl: string, recheckEveryMs = 200) {
  const applied: ControlMessage[] = [];
  const rechecks: number[] = [];
  const bus = createControlBus({
    redisUrl,
    instanceId,
    apply: (message) => applied.push(message),
    recheck: async () => void rechecks.push(performance.now()),
    recheckEveryMs,
    onError: () => undefined,
  });
  buses.push(bus);
  return { bus, applied, rechecks };
}

async function subscribers(): Promise<number> {
  const client = new Redis(redis.url);
  try {
    const [, count] = (await client.pubsub("NUMSUB", "opinio:control")) as [string, number];
    return Number(count);
  } finally {
    client.disconnect();
  }
}

describe("the control bus across a Redis outage", () => {
  it("re-checks while it cannot listen and once when it listens again, and not otherwise", async () => {
    const x = instance("x", redis.url);
    // Too slow to tick during this outage: its only round is the one once it listens again.
    const y = instance("y", redis.url, 60_000);
    await Promise.all([x.bus.ready, y.bus.ready]);
    await holdsFor(() => expect([...x.rechecks, ...y.rechecks]).toEqual([]), 500);

    await redis.stop();
    await waitFor(() => expect(x.rechecks.length).toBeGreaterThanOrEqual(3), { timeout: 3_000 });
    expect(y.rechecks).toEqual([]);
    await redis.start();
    await waitFor(async () => expect(await subscribers()).toBe(2));
    // The round after the subscription is back covers what was published just before it.
    await waitFor(() => expect(y.rechecks).toHaveLength(1));
    const settled = x.rechecks.length;
    await holdsFor(() => {
      expect(x.rechecks).toHaveLength(settled);
      expect(y.rechecks).toHaveLength(1);
    }, 1_000);
  });

  it("publishes what Redis refused once the connection is back, in order, to an instance that listened all along", async () => {
    const cutOff = instance("cut-off", link.url);
    const listening = instance("listening", redis.url);
    await Promise.all([cutOff.bus.ready, listening.bus.ready]);

    link.cut();
    const messages: ControlMessage[] = [
      { kind: "closeUser", userId: "u1", wikiId: "w1" },
      { kind: "closePage", pageId: "p1" },
      { kind: "broadcastWiki", wikiId: "w1", message: { type: "sources-changed" } },
    ];
    for (const message of messages) cutOff.bus.publish(message);
    // Applied where it was decided at once; the other hears nothing yet, and has no reason to look.
    expect(cutOff.applied).toEqual(messages);
    await holdsFor(() => expect(listening.applied).toEqual([]), 500);
    expect(listening.rechecks).toEqual([]);

    link.restore();
    await waitFor(() => expect(listening.applied).toEqual(messages), { timeout: 10_000 });
    // Once each.
    await holdsFor(() => expect(listening.applied).toHaveLength(messages.length), 500);
  });
});
