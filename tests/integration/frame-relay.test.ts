import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { channelOf, createFrameRelay, RELAY_CLOSE, type FrameRelay, type RelaySocket, type TunnelHello } from "@/lib/scale/frame-relay";
import { startRedisProcess, type RedisProcess } from "../helpers/redis-process";
import { waitFor } from "../helpers/wait";

/**
 * Forwarding a collab connection to the page's owner over a real Redis (issue 20), started by the
 * test so it can be stopped and restarted. What must hold: frames arrive whole and in order both
 * ways, a close on either side reaches the other, and when anything between the two could have
 * lost a message (Redis down, the owner gone or frozen) both ends close, so browsers reconnect and
 * resync instead of waiting on a silent tunnel.
 */

let redis: RedisProcess;
const relays: FrameRelay[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedisProcess();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

async function relay(instanceId: string, onTunnel?: (socket: RelaySocket, hello: TunnelHello) => void): Promise<FrameRelay> {
  const created = createFrameRelay({ redisUrl: redis.url, instanceId, onTunnel, heartbeatMs: 200, timeoutMs: 2_000 });
  relays.push(created);
  await created.ready;
  return created;
}

function closeOf(socket: RelaySocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
}

/** The owner in its own process, so it can be frozen or killed. */
async function ownerProcess(instanceId: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "../helpers/relay-echo-owner.ts"), redis.url, instanceId],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  await waitFor(() => expect(output).toContain("ready"));
  return child;
}

describe("the frame relay", () => {
  it("carries frames whole and in order both ways, with the forwarder's hello", async () => {
    const owned: { socket: RelaySocket; hello: TunnelHello }[] = [];
    await relay("owner", (socket, hello) => {
      owned.push({ socket, hello });
      socket.on("message", (frame: Buffer) => socket.send(Buffer.concat([Buffer.from([0xff]), frame])));
    });
    const forwarder = await relay("forwarder");
    const tunnel = forwarder.openTunnel("owner", { documentName: "page:p1", user: "u1" });
    const replies: Buffer[] = [];
    tunnel.on("message", (frame: Buffer) => replies.push(frame));

    const frames = Array.from({ length: 300 }, (_, i) => Buffer.from([i % 256, i >> 8, 0, 13, 10, 0xfe, ...Buffer.from(`frame ${i}`)]));
    for (const frame of frames) tunnel.send(frame);
    await waitFor(() => expect(replies).toHaveLength(frames.length));
    expect(replies).toEqual(frames.map((frame) => Buffer.concat([Buffer.from([0xff]), frame])));
    expect(owned).toHaveLength(1);
    expect(owned[0].hello).toEqual({ documentName: "page:p1", user: "u1" });
    expect(owned[0].socket.peer).toBe("forwarder");
  });

  it("sends a turn's frames to one instance as one message, each tunnel's in order and before its close", async () => {
    const owned: RelaySocket[] = [];
    await relay("owner", (socket) => owned.push(socket));
    const forwarder = await relay("forwarder");
    const tunnels = Array.from({ length: 50 }, (_, i) => forwarder.openTunnel("owner", { documentName: `page:${i}` }));
    const received = tunnels.map(() => [] as string[]);
    tunnels.forEach((tunnel, i) => tunnel.on("message", (frame: Buffer) => received[i].push(frame.toString())));
    const firstClosed = closeOf(tunnels[0]);
    await waitFor(() => expect(owned).toHaveLength(50));
    // Which tunnel is which on the owner's side: each says so.
    const byDocument = new Map<string, RelaySocket>();
    owned.forEach((socket) => socket.once("message", (frame: Buffer) => byDocument.set(frame.toString(), socket)));
    tunnels.forEach((tunnel, i) => tunnel.send(Buffer.from(`page:${i}`)));
    await waitFor(() => expect(byDocument.size).toBe(50));

    // What the forwarder's channel carries, seen by a subscriber of its own.
    const spy = new Redis(redis.url);
    const kinds: number[] = [];
    try {
      await spy.subscribe(channelOf("forwarder"));
      spy.on("messageBuffer", (_channel: Buffer, message: Buffer) => kinds.push(message[0]));
      // One turn, as a broadcast and the acknowledgements after a commit are: the same update to
      // all, one frame each, the same presence to all, then the first one closed.
      const sockets = tunnels.map((_, i) => byDocument.get(`page:${i}`)!);
      for (const socket of sockets) socket.send(Buffer.from("update"));
      sockets.forEach((socket, i) => socket.send(Buffer.from(`ack ${i}`)));
      for (const socket of sockets) socket.send(Buffer.from("presence"));
      sockets[0].close(4403, "Access changed");

      await waitFor(() => expect(received.every((frames) => frames.length === 3)).toBe(true));
      received.forEach((frames, i) => expect(frames).toEqual(["update", `ack ${i}`, "presence"]));
      expect(await firstClosed).toEqual({ code: 4403, reason: "Access changed" });
      // Frames = 6, Close = 3: the turn's 150 frames in one message, the close after it.
      await waitFor(() => expect(kinds).toEqual([6, 3]));
    } finally {
      spy.disconnect();
    }
  });

  it("closes the other end with the same code and reason, from either side", async () => {
    const owned: RelaySocket[] = [];
    const owner = await relay("owner", (socket) => owned.push(socket));
    const forwarder = await relay("forwarder");

    const first = forwarder.openTunnel("owner", { documentName: "a" });
    await waitFor(() => expect(owned).toHaveLength(1));
    const ownerSide = closeOf(owned[0]);
    first.close(4401, "Signed out");
    expect(await ownerSide).toEqual({ code: 4401, reason: "Signed out" });

    const second = forwarder.openTunnel("owner", { documentName: "b" });
    await waitFor(() => expect(owned).toHaveLength(2));
    const forwarderSide = closeOf(second);
    owned[1].close(4403, "Access changed");
    expect(await forwarderSide).toEqual({ code: 4403, reason: "Access changed" });
    await waitFor(() => expect(owner.tunnelCount() + forwarder.tunnelCount()).toBe(0));
  });

  it("closes a tunnel at once when the owner is not listening, or refuses forwarded connections", async () => {
    const forwarder = await relay("forwarder");
    expect(await closeOf(forwarder.openTunnel("nobody", { documentName: "a" }))).toEqual(RELAY_CLOSE.peerGone);
    await relay("no-tunnels");
    expect(await closeOf(forwarder.openTunnel("no-tunnels", { documentName: "a" }))).toEqual(RELAY_CLOSE.refused);
  });

  it("closes the forwarder's tunnels when the owner is killed, and when it freezes", async () => {
    const forwarder = await relay("forwarder");
    const killed = await ownerProcess("owner-killed");
    const tunnel = forwarder.openTunnel("owner-killed", { documentName: "a" });
    const echoes: string[] = [];
    tunnel.on("message", (frame: Buffer) => echoes.push(frame.toString()));
    tunnel.send(Buffer.from("hello"));
    await waitFor(() => expect(echoes).toEqual(["echo:hello"]));
    const closed = closeOf(tunnel);
    killed.kill("SIGKILL");
    expect(await closed).toEqual(RELAY_CLOSE.peerGone);

    // Frozen (SIGSTOP: a long pause, or cut off): still subscribed, so Redis takes every message;
    // only the heartbeat can tell that nobody answers.
    const frozen = await ownerProcess("owner-frozen");
    const second = forwarder.openTunnel("owner-frozen", { documentName: "a" });
    const secondEchoes: string[] = [];
    second.on("message", (frame: Buffer) => secondEchoes.push(frame.toString()));
    second.send(Buffer.from("hi"));
    await waitFor(() => expect(secondEchoes).toEqual(["echo:hi"]));
    const frozenClose = closeOf(second);
    frozen.kill("SIGSTOP");
    try {
      expect(await frozenClose).toEqual(RELAY_CLOSE.peerGone);
    } finally {
      frozen.kill("SIGCONT");
    }
  });

  it("closes every tunnel on both sides when Redis goes, and forwards again once it is back", async () => {
    const owned: RelaySocket[] = [];
    await relay("owner", (socket) => {
      owned.push(socket);
      socket.on("message", (frame: Buffer) => socket.send(frame));
    });
    const forwarder = await relay("forwarder");
    const tunnel = forwarder.openTunnel("owner", { documentName: "a" });
    await waitFor(() => expect(owned).toHaveLength(1));
    const closes = [closeOf(tunnel), closeOf(owned[0])];

    await redis.stop();
    expect(await Promise.all(closes)).toEqual([RELAY_CLOSE.relayLost, RELAY_CLOSE.relayLost]);
    // While Redis is down, a new tunnel fails at once rather than hanging.
    expect((await closeOf(forwarder.openTunnel("owner", { documentName: "b" }))).reason).toMatch(/Relay connection lost|Owner unavailable/);

    await redis.start();
    // ioredis reconnects and resubscribes by itself.
    const echoes: string[] = [];
    await waitFor(
      async () => {
        const again = forwarder.openTunnel("owner", { documentName: "c" });
        again.on("message", (frame: Buffer) => echoes.push(frame.toString()));
        again.send(Buffer.from("back"));
        await waitFor(() => expect(echoes).toContain("back"), { timeout: 1_000 });
      },
      { timeout: 20_000, interval: 200 },
    );
  });
});
