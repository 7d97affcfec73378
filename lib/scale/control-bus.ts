import { Redis } from "ioredis";

/**
 * Tells every instance what one of them decided about open collab connections (issue 20): a
 * member removed or downgraded, a page trashed, comments or sources changed. Requests reach any
 * instance, while a page's connections live on its owner (lib/scale/collab-routing.ts), so each
 * such message is applied here at once and published for the others, which apply it to what they
 * serve. A forwarded socket closed by its owner closes at the forwarder too (the relay carries the
 * close), so revocation reaches the browser wherever it connected.
 *
 * Redis pub/sub delivers to instances listening now and drops what it cannot deliver. While Redis
 * is down every forwarded socket is closed anyway (the relay's rule), and the browsers'
 * reconnections are authorized afresh from the database. The sockets an instance serves itself
 * stay open, though, and a removal decided elsewhere meanwhile would never reach them: so from the
 * moment this instance stops listening until it listens again, and once more after (for what was
 * published before its subscription was back), `recheck` has it look at its open connections in
 * the database itself. And what an instance could not publish is published again once its own
 * connection is back, for the instances that were listening all along or are again already.
 */

export type ControlMessage =
  | { kind: "closeUser"; userId: string; wikiId: string }
  | { kind: "closePage"; pageId: string }
  | { kind: "broadcastPage"; pageId: string; message: { type: string; [key: string]: unknown } }
  | { kind: "broadcastWiki"; wikiId: string; message: { type: string; [key: string]: unknown } };

const CHANNEL = "opinio:control";
const MAX_UNSENT = 10_000;

export type ControlBus = {
  ready: Promise<void>;
  /** Applies the message on this instance and sends it to the others. */
  publish(message: ControlMessage): void;
  close(): Promise<void>;
};

export function createControlBus(options: {
  redisUrl: string;
  instanceId: string;
  apply(message: ControlMessage): void;
  /** Messages may have been missed: re-check what this instance serves against the database. */
  recheck?(): Promise<void>;
  /** How often `recheck` runs while this instance cannot hear the others (a revocation takes effect within it). */
  recheckEveryMs?: number;
  onError?(error: unknown): void;
}): ControlBus {
  const { recheckEveryMs = 1_000 } = options;
  const redisOptions = { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false };
  const publisher = new Redis(options.redisUrl, redisOptions);
  const subscriber = new Redis(options.redisUrl, redisOptions);
  const report = (error: unknown) => options.onError?.(error);
  for (const connection of [publisher, subscriber]) connection.on("error", report);
  let closing = false;

  let rechecking = false;
  async function recheck(): Promise<void> {
    // A slow database must not stack rounds up: the next tick comes soon enough.
    if (!options.recheck || rechecking) return;
    rechecking = true;
    try {
      await options.recheck();
    } catch (error) {
      report(error);
    } finally {
      rechecking = false;
    }
  }

  /** Set while this instance is not subscribed: the others' messages are lost to it. */
  let deaf: NodeJS.Timeout | undefined;
  subscriber.on("close", () => {
    if (closing || deaf) return;
    deaf = setInterval(() => void recheck(), recheckEveryMs);
    deaf.unref();
  });
  subscriber.on("ready", () => {
    if (!deaf) return;
    // ioredis subscribes again by itself; this resolves once that (or this) subscription holds.
    subscriber.subscribe(CHANNEL).then(() => {
      clearInterval(deaf);
      deaf = undefined;
      return recheck();
    }, report);
  });

  /**
   * Messages Redis refused (this instance's connection was down), sent again once it is back: the
   * others may be listening already, and would have nothing to recheck. Applying one twice does no
   * harm (a socket closes once, a notice only asks for a refresh), and after a long outage the
   * oldest are dropped, the others' rechecks standing in for them.
   */
  const unsent: string[] = [];
  function send(text: string): void {
    publisher.publish(CHANNEL, text).catch((error: unknown) => {
      report(error);
      if (closing) return;
      if (unsent.length >= MAX_UNSENT) unsent.shift();
      unsent.push(text);
    });
  }
  publisher.on("ready", () => {
    for (const text of unsent.splice(0)) send(text);
  });

  subscriber.on("message", (channel: string, text: string) => {
    if (channel !== CHANNEL) return;
    let envelope: { from?: unknown; message?: ControlMessage };
    try {
      envelope = JSON.parse(text);
    } catch {
      return;
    }
    // Our own messages were applied when they were published.
    if (envelope.from === options.instanceId || !envelope.message) return;
    try {
      options.apply(envelope.message);
    } catch (error) {
      report(error);
    }
  });

  const ready = (async () => {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(CHANNEL);
  })();

  return {
    ready,
    publish(message) {
      options.apply(message);
      send(JSON.stringify({ from: options.instanceId, message }));
    },
    async close() {
      closing = true;
      clearInterval(deaf);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
