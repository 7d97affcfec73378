import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/**
 * Asks the instance that owns a page to do something to it and waits for the answer (issue 20):
 * changes to a page's body made outside the editor (restoring a version, deciding suggestions)
 * must happen on the live document, which exists only on the owner.
 *
 * Requests and answers are JSON over each instance's own Redis channel. A request waits, within its
 * timeout, for this instance's connections and for the owner to listen (both reconnect on their own
 * after Redis comes back). An answer that does not come in time is a failure the caller reports
 * ("try again"): the owner may still have done the work, so callers only send requests that are
 * safe to repeat or whose effect the person sees (a restore shows in the page, a decision in the
 * suggestion list).
 */

const channelOf = (instanceId: string) => `opinio:calls:${instanceId}`;

/** How soon a request nobody received is published again. */
const RETRY_MS = 100;
/**
 * How long an owner may not listen before the call gives up: long enough for its subscriber to
 * come back after a Redis restart (ioredis backs off up to 2 s between attempts), short enough
 * that a caller asking a dead owner hears "try again" in seconds, not at its full timeout.
 */
const NOT_LISTENING_GRACE_MS = 3_000;

export class OwnerCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OwnerCallError";
  }
}

export type OwnerCalls<Request, Answer> = {
  ready: Promise<void>;
  /** Sends `request` to `ownerId` and resolves with its answer; rejects with OwnerCallError. */
  call(ownerId: string, request: Request): Promise<Answer>;
  close(): Promise<void>;
};

type Envelope<Request, Answer> =
  { type: "request"; id: string; from: string; request: Request } | { type: "answer"; id: string; answer?: Answer; error?: string };

export function createOwnerCalls<Request, Answer>(options: {
  redisUrl: string;
  instanceId: string;
  /** Runs a request sent to this instance. A thrown error reaches the caller as its message. */
  handle(request: Request): Promise<Answer>;
  timeoutMs?: number;
  onError?(error: unknown): void;
}): OwnerCalls<Request, Answer> {
  const { instanceId, timeoutMs = 10_000 } = options;
  const redisOptions = { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false };
  const publisher = new Redis(options.redisUrl, redisOptions);
  const subscriber = new Redis(options.redisUrl, redisOptions);
  const report = (error: unknown) => options.onError?.(error);
  for (const connection of [publisher, subscriber]) connection.on("error", report);
  const waiting = new Map<string, { resolve(answer: Answer): void; reject(error: Error): void }>();

  let closed = false;

  const send = (to: string, envelope: Envelope<Request, Answer>) => publisher.publish(channelOf(to), JSON.stringify(envelope));

  /**
   * Resolves once `connection` is ready, within `ms`. Right after Redis comes back each connection
   * reconnects on its own schedule (ioredis's back-off, up to 2 s): a call made then waits for it
   * rather than fail, as it did (a restore answered "try again" just after a Redis restart).
   */
  function connected(connection: Redis, ms: number): Promise<void> {
    if (connection.status === "ready") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        connection.off("ready", onReady);
        reject(new OwnerCallError(`Redis was not reachable within ${ms} ms`));
      }, ms);
      connection.once("ready", onReady);
    });
  }

  /**
   * Publishes `envelope` to `to` once this instance's connections are up and the owner listens,
   * until `deadline`: an owner whose own connection is reconnecting is not listening for a moment
   * (for longer than NOT_LISTENING_GRACE_MS, it is taken to be gone).
   * Rejects with the last reason it could not (an owner that stays away is "not listening"); tells
   * `noted` each reason as it meets it, and undefined once delivered.
   */
  async function deliver(
    to: string,
    envelope: Envelope<Request, Answer>,
    deadline: number,
    noted: (problem: OwnerCallError | undefined) => void = () => {},
  ): Promise<void> {
    let problem: OwnerCallError | undefined;
    let silentSince: number | undefined;
    for (;;) {
      const remaining = deadline - Date.now();
      const silentTooLong = silentSince !== undefined && Date.now() - silentSince >= NOT_LISTENING_GRACE_MS;
      if (closed || remaining <= 0 || silentTooLong) throw problem ?? new OwnerCallError(`could not reach instance ${to}`);
      try {
        // The subscriber too: the answer comes back on it.
        await Promise.all([connected(publisher, remaining), connected(subscriber, remaining)]);
        if ((await send(to, envelope)) > 0) return noted(undefined);
        problem = new OwnerCallError(`instance ${to} is not listening`);
        silentSince ??= Date.now();
      } catch (error) {
        problem = error instanceof OwnerCallError ? error : new OwnerCallError(`could not reach instance ${to}: ${String(error)}`);
      }
      noted(problem);
      await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MS, Math.max(0, deadline - Date.now()))));
    }
  }

  subscriber.on("message", (channel: string, text: string) => {
    if (channel !== channelOf(instanceId)) return;
    let envelope: Envelope<Request, Answer>;
    try {
      envelope = JSON.parse(text);
    } catch {
      return;
    }
    if (envelope.type === "answer") {
      const caller = waiting.get(envelope.id);
      if (!caller) return;
      waiting.delete(envelope.id);
      if (envelope.error !== undefined) caller.reject(new OwnerCallError(envelope.error));
      else caller.resolve(envelope.answer as Answer);
      return;
    }
    if (envelope.type !== "request" || typeof envelope.from !== "string") return;
    const { id, from } = envelope;
    // The caller waits at most timeoutMs; so may its answer, should Redis be reconnecting.
    const answer = (reply: Envelope<Request, Answer>) => deliver(from, reply, Date.now() + timeoutMs).catch(report);
    options.handle(envelope.request).then(
      (result) => answer({ type: "answer", id, answer: result }),
      (error: unknown) => answer({ type: "answer", id, error: error instanceof Error ? error.message : String(error) }),
    );
  });

  const ready = (async () => {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(channelOf(instanceId));
  })();

  return {
    ready,
    call(ownerId, request) {
      const id = randomUUID();
      return new Promise<Answer>((resolve, reject) => {
        // Why the request has not been delivered yet, while it has not.
        let undelivered: OwnerCallError | undefined;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(undelivered ?? new OwnerCallError(`instance ${ownerId} did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (answer) => (clearTimeout(timer), resolve(answer)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        deliver(
          ownerId,
          { type: "request", id, from: instanceId, request },
          Date.now() + timeoutMs,
          (problem) => (undelivered = problem),
        ).catch((error: unknown) => waiting.get(id)?.reject(error as OwnerCallError));
      }).finally(() => waiting.delete(id));
    },
    async close() {
      closed = true;
      for (const caller of waiting.values()) caller.reject(new OwnerCallError("shutting down"));
      waiting.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
