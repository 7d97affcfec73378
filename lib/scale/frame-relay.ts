import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { Redis } from "ioredis";

/**
 * Carries a browser's collab WebSocket from the instance it reached to the instance that owns the
 * page (issue 20: one owner per page, others forward). Each instance listens on its own Redis
 * pub/sub channel; a forwarded connection is a *tunnel* with a socket at each end that behaves
 * enough like a `ws` WebSocket for Hocuspocus's `handleConnection` on the owner and for plain
 * piping on the forwarder.
 *
 * Pub/sub loses nothing while a Redis connection stays up (one TCP stream, in order), and loses
 * silently when it drops. So every tunnel is closed the moment either side's Redis connection
 * goes, or the other instance stops answering its heartbeat: the browser reconnects and Yjs's sync
 * handshake resends whatever the lost messages carried. Nothing is acknowledged by this module;
 * the owner's group commit acknowledges edits once they are stored, through the tunnel.
 *
 * Frames leave in one PUBLISH per peer instance and event-loop turn, not one per socket: the
 * owner's broadcast of an edit to 50 readers forwarded from one instance is one message carrying
 * the edit once and the 50 tunnels it goes to, fanned out again at the other end (bench:
 * fanout-instances). A tunnel's frames, and its close after them, keep their order.
 */

const CHANNEL_PREFIX = "opinio:relay:";
export const channelOf = (instanceId: string) => `${CHANNEL_PREFIX}${instanceId}`;

enum Kind {
  Open = 1,
  Frame = 2,
  Close = 3,
  Ping = 4,
  Pong = 5,
  /** Several tunnels' frames, a turn's worth for one peer: see `encodeFrames`. */
  Frames = 6,
}

/** Close codes a tunnel's socket reports when the relay, not a person, ended it. */
export const RELAY_CLOSE = {
  /** This instance is shutting down. */
  shutdown: { code: 1001, reason: "Instance shutting down" },
  /** The Redis connection dropped: messages may have been lost. */
  relayLost: { code: 1012, reason: "Relay connection lost" },
  /** The other instance is not listening, or stopped answering. */
  peerGone: { code: 1012, reason: "Owner unavailable" },
  /** The owner does not accept forwarded connections. */
  refused: { code: 1013, reason: "Not accepting forwarded connections" },
} as const;

type Envelope = { kind: Kind; tunnelId: string; from: string; body: Buffer };

/** [kind][tunnel id length][tunnel id][sender length][sender][body], ids in UTF-8. */
function encode({ kind, tunnelId, from, body }: Envelope): Buffer {
  const id = Buffer.from(tunnelId, "utf8");
  const sender = Buffer.from(from, "utf8");
  if (id.length > 255 || sender.length > 255) throw new Error("relay ids are at most 255 bytes");
  return Buffer.concat([Buffer.from([kind, id.length]), id, Buffer.from([sender.length]), sender, body]);
}

function decode(message: Buffer): Envelope | null {
  if (message.length < 3) return null;
  const kind = message[0] as Kind;
  const idEnd = 2 + message[1];
  if (message.length < idEnd + 1) return null;
  const fromEnd = idEnd + 1 + message[idEnd];
  if (message.length < fromEnd || !(kind in Kind)) return null;
  return {
    kind,
    tunnelId: message.subarray(2, idEnd).toString("utf8"),
    from: message.subarray(idEnd + 1, fromEnd).toString("utf8"),
    body: message.subarray(fromEnd),
  };
}

/** Frames for several tunnels; consecutive sends of the same bytes share one segment. */
type Segment = { tunnelIds: string[]; body: Buffer };

/**
 * A Frames envelope's body: segments in send order, each [tunnel count (1 byte)]
 * ([id length][id])… [body length (4 bytes, big-endian)][body].
 */
export function encodeFrames(segments: Segment[]): Buffer {
  const parts: Buffer[] = [];
  for (const { tunnelIds, body } of segments) {
    if (tunnelIds.length === 0 || tunnelIds.length > 255) throw new Error("a relay segment carries 1 to 255 tunnels");
    parts.push(Buffer.from([tunnelIds.length]));
    for (const tunnelId of tunnelIds) {
      const id = Buffer.from(tunnelId, "utf8");
      if (id.length > 255) throw new Error("relay ids are at most 255 bytes");
      parts.push(Buffer.from([id.length]), id);
    }
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    parts.push(length, body);
  }
  return Buffer.concat(parts);
}

/** The segments of a Frames body, or null if it is malformed (then none is delivered). */
export function decodeFrames(message: Buffer): Segment[] | null {
  const segments: Segment[] = [];
  let at = 0;
  while (at < message.length) {
    const count = message[at++];
    if (count === 0) return null;
    const tunnelIds: string[] = [];
    for (let i = 0; i < count; i++) {
      if (at >= message.length) return null;
      const end = at + 1 + message[at];
      if (end > message.length) return null;
      tunnelIds.push(message.subarray(at + 1, end).toString("utf8"));
      at = end;
    }
    if (at + 4 > message.length) return null;
    const end = at + 4 + message.readUInt32BE(at);
    if (end > message.length) return null;
    segments.push({ tunnelIds, body: message.subarray(at + 4, end) });
    at = end;
  }
  return segments;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * One end of a tunnel, shaped like the parts of `ws`'s WebSocket that Hocuspocus and the collab
 * server use: `send`, `close`, `terminate`, `ping` (answered at once with 'pong': liveness is the
 * relay's heartbeat), `readyState`, and the 'message' and 'close' events.
 */
export class RelaySocket extends EventEmitter {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;
  // Also on the instance, as ws has them: code that serves both compares `socket.readyState === socket.OPEN`.
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSING = CLOSING;
  readonly CLOSED = CLOSED;
  readyState = OPEN;
  binaryType = "nodebuffer";

  constructor(
    readonly tunnelId: string,
    /** The instance at the other end. */
    readonly peer: string,
    private readonly transmit: (kind: Kind, body: Buffer) => void,
    private readonly forget: () => void,
  ) {
    super();
  }

  send(data: Uint8Array | string, callback?: (error?: Error) => void): void {
    if (this.readyState !== OPEN) {
      callback?.(new Error("relay socket is closed"));
      return;
    }
    this.transmit(
      Kind.Frame,
      typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    );
    callback?.();
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState === CLOSED) return;
    this.transmit(Kind.Close, Buffer.from(JSON.stringify({ code, reason })));
    this.end(code, reason);
  }

  terminate(): void {
    this.close(1006, "");
  }

  ping(): void {
    if (this.readyState === OPEN) setImmediate(() => this.emit("pong"));
  }

  /** A frame from the other end. */
  deliver(frame: Buffer): void {
    if (this.readyState === OPEN) this.emit("message", frame, true);
  }

  /** Ends this side without telling the other (it closed, or cannot be reached). */
  end(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.forget();
    this.emit("close", code, Buffer.from(reason, "utf8"));
  }
}

/** What a forwarding instance tells the owner about the connection it forwards. */
export type TunnelHello = { documentName: string | null; [key: string]: unknown };

export type FrameRelay = {
  readonly instanceId: string;
  /** Resolves once this instance listens on its channel. */
  ready: Promise<void>;
  /** Forwards one connection to `ownerId`; the returned socket carries the owner's replies. */
  openTunnel(ownerId: string, hello: TunnelHello): RelaySocket;
  /** Tunnels open at this instance, both directions. */
  tunnelCount(): number;
  /** Closes every tunnel (telling the other ends) and the Redis connections. */
  close(): Promise<void>;
};

export type FrameRelayOptions = {
  redisUrl: string;
  instanceId: string;
  /** On the owner: a forwarded connection arrived. Without it, tunnels are refused. */
  onTunnel?: (socket: RelaySocket, hello: TunnelHello) => void;
  /** How often instances with tunnels between them check on each other, and when to give up. */
  heartbeatMs?: number;
  timeoutMs?: number;
  onError?: (error: Error) => void;
};

export function createFrameRelay(options: FrameRelayOptions): FrameRelay {
  const { instanceId, heartbeatMs = 1_000, timeoutMs = 3_000 } = options;
  const redisOptions = { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false };
  // Auto-pipelining sends a turn's commands in one write (in order): a turn's frames are one
  // PUBLISH per peer, but heartbeats, opens and closes to several peers still add up.
  const publisher = new Redis(options.redisUrl, { ...redisOptions, enableAutoPipelining: true });
  const subscriber = new Redis(options.redisUrl, redisOptions);
  const tunnels = new Map<string, RelaySocket>();
  /** When each instance we have tunnels with last sent us anything. */
  const lastHeard = new Map<string, number>();
  let closing = false;

  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));

  function publish(to: string, envelope: Omit<Envelope, "from">): Promise<number> {
    // What this peer's tunnels sent before goes first: a close must not overtake their frames.
    flushFrames(to);
    return publishNow(to, envelope);
  }

  function publishNow(to: string, envelope: Omit<Envelope, "from">): Promise<number> {
    return publisher.publish(channelOf(to), encode({ ...envelope, from: instanceId }));
  }

  /** Frames sent this turn, per peer, in send order (a segment: the same bytes to several tunnels). */
  const outgoing = new Map<string, { sockets: Set<RelaySocket>; body: Buffer }[]>();

  function queueFrame(socket: RelaySocket, body: Buffer): void {
    let segments = outgoing.get(socket.peer);
    if (!segments) {
      outgoing.set(socket.peer, (segments = []));
      // A broadcast sends to every connection in one synchronous loop: the turn's microtasks
      // see all of it, and add no wait.
      const peer = socket.peer;
      queueMicrotask(() => flushFrames(peer));
    }
    const last = segments.at(-1);
    const same = last && (last.body === body || last.body.equals(body)) && last.sockets.size < 255 && !last.sockets.has(socket);
    if (same) last.sockets.add(socket);
    else segments.push({ sockets: new Set([socket]), body });
  }

  function flushFrames(peer: string): void {
    const segments = outgoing.get(peer);
    if (!segments) return;
    outgoing.delete(peer);
    const sockets = new Set(segments.flatMap((segment) => [...segment.sockets]));
    const envelope =
      segments.length === 1 && sockets.size === 1
        ? { kind: Kind.Frame, tunnelId: [...sockets][0].tunnelId, body: segments[0].body }
        : {
            kind: Kind.Frames,
            tunnelId: "",
            body: encodeFrames(segments.map(({ sockets, body }) => ({ tunnelIds: [...sockets].map((socket) => socket.tunnelId), body }))),
          };
    publishNow(peer, envelope).then(
      (receivers) => {
        // Nobody listens on the peer's channel: it stopped, or lost Redis. Its side is gone.
        if (receivers === 0) for (const socket of sockets) socket.end(RELAY_CLOSE.peerGone.code, RELAY_CLOSE.peerGone.reason);
      },
      (error) => {
        report(error);
        for (const socket of sockets) socket.end(RELAY_CLOSE.relayLost.code, RELAY_CLOSE.relayLost.reason);
      },
    );
  }

  function endAll(which: (socket: RelaySocket) => boolean, why: { code: number; reason: string }, tellPeers: boolean): void {
    for (const socket of [...tunnels.values()]) {
      if (!which(socket)) continue;
      if (tellPeers) socket.close(why.code, why.reason);
      else socket.end(why.code, why.reason);
    }
  }

  function track(tunnelId: string, peer: string): RelaySocket {
    if (!lastHeard.has(peer)) lastHeard.set(peer, Date.now());
    const socket = new RelaySocket(
      tunnelId,
      peer,
      (kind, body) => {
        if (kind === Kind.Frame) return queueFrame(socket, body);
        publish(peer, { kind, tunnelId, body }).then(
          (receivers) => {
            // Nobody listens on the peer's channel: it stopped, or lost Redis. Its side is gone.
            if (receivers === 0) socket.end(RELAY_CLOSE.peerGone.code, RELAY_CLOSE.peerGone.reason);
          },
          (error) => {
            report(error);
            socket.end(RELAY_CLOSE.relayLost.code, RELAY_CLOSE.relayLost.reason);
          },
        );
      },
      () => {
        tunnels.delete(tunnelId);
        if (![...tunnels.values()].some((other) => other.peer === peer)) lastHeard.delete(peer);
      },
    );
    tunnels.set(tunnelId, socket);
    return socket;
  }

  function deliver(tunnelId: string, from: string, frame: Buffer): void {
    const socket = tunnels.get(tunnelId);
    if (socket) socket.deliver(frame);
    // A frame for a tunnel this side no longer has: say so, or the other end would wait forever.
    else void publish(from, { kind: Kind.Close, tunnelId, body: Buffer.from(JSON.stringify(RELAY_CLOSE.peerGone)) }).catch(report);
  }

  function receive(message: Buffer): void {
    const envelope = decode(message);
    if (!envelope) return;
    const { kind, tunnelId, from, body } = envelope;
    if (lastHeard.has(from)) lastHeard.set(from, Date.now());
    switch (kind) {
      case Kind.Open: {
        if (!options.onTunnel || closing) {
          void publish(from, { kind: Kind.Close, tunnelId, body: Buffer.from(JSON.stringify(RELAY_CLOSE.refused)) }).catch(report);
          return;
        }
        let hello: TunnelHello;
        try {
          hello = JSON.parse(body.toString("utf8"));
        } catch {
          return;
        }
        options.onTunnel(track(tunnelId, from), hello);
        return;
      }
      case Kind.Frame:
        deliver(tunnelId, from, Buffer.from(body));
        return;
      case Kind.Frames: {
        for (const segment of decodeFrames(body) ?? []) {
          // One copy for all its tunnels: nothing downstream writes into a frame.
          const frame = Buffer.from(segment.body);
          for (const id of segment.tunnelIds) deliver(id, from, frame);
        }
        return;
      }
      case Kind.Close: {
        let why: { code?: number; reason?: string } = {};
        try {
          why = JSON.parse(body.toString("utf8"));
        } catch {
          // A malformed reason still closes.
        }
        tunnels.get(tunnelId)?.end(typeof why.code === "number" ? why.code : 1000, typeof why.reason === "string" ? why.reason : "");
        return;
      }
      case Kind.Ping:
        void publish(from, { kind: Kind.Pong, tunnelId: "", body: Buffer.alloc(0) }).catch(report);
        return;
      case Kind.Pong:
        return;
    }
  }

  subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => {
    if (channel.toString("utf8") === channelOf(instanceId)) receive(message);
  });

  // A dropped connection may have lost messages in either direction: end every tunnel so browsers
  // reconnect and resync. ioredis reconnects (and resubscribes) by itself for the next ones.
  const onLost = () => {
    if (!closing) endAll(() => true, RELAY_CLOSE.relayLost, false);
  };
  for (const connection of [publisher, subscriber]) {
    connection.on("close", onLost);
    connection.on("error", report);
  }

  let lastBeat = Date.now();
  const heartbeat = setInterval(() => {
    const now = Date.now();
    // This process itself stalled (a long GC, a busy loop): answers may be waiting unread in the
    // socket, so silence proves nothing this round.
    const stalled = now - lastBeat > 2 * heartbeatMs;
    lastBeat = now;
    for (const [peer, heard] of lastHeard) {
      if (!stalled && now - heard > timeoutMs) {
        endAll((socket) => socket.peer === peer, RELAY_CLOSE.peerGone, true);
        continue;
      }
      // Nobody on the peer's channel: it lost Redis (and with it its ends of our tunnels) or
      // stopped. Said now, not after the timeout, since an idle tunnel sends nothing else.
      void publish(peer, { kind: Kind.Ping, tunnelId: "", body: Buffer.alloc(0) }).then((receivers) => {
        if (receivers === 0) endAll((socket) => socket.peer === peer, RELAY_CLOSE.peerGone, false);
      }, report);
    }
  }, heartbeatMs);
  heartbeat.unref();

  const ready = (async () => {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(channelOf(instanceId));
  })();

  return {
    instanceId,
    ready,
    openTunnel(ownerId, hello) {
      const tunnelId = randomUUID();
      const socket = track(tunnelId, ownerId);
      publish(ownerId, { kind: Kind.Open, tunnelId, body: Buffer.from(JSON.stringify(hello)) }).then(
        (receivers) => {
          if (receivers === 0) socket.end(RELAY_CLOSE.peerGone.code, RELAY_CLOSE.peerGone.reason);
        },
        (error) => {
          report(error);
          socket.end(RELAY_CLOSE.relayLost.code, RELAY_CLOSE.relayLost.reason);
        },
      );
      return socket;
    },
    tunnelCount: () => tunnels.size,
    async close() {
      closing = true;
      clearInterval(heartbeat);
      endAll(() => true, RELAY_CLOSE.shutdown, true);
      // Let the goodbyes go out before the connections do.
      await publisher.ping().catch(() => undefined);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
