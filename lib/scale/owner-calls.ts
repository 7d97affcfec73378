import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/**
 * Asks the instance that owns a page to do something to it and waits for the answer (issue 20):
 * changes to a page's body made outside the editor (restoring a version, deciding suggestions)
 * must happen on the live document, which exists only on the owner.
 *
 * Requests and answers are JSON over each instance's own Redis channel. An answer that does not
 * come in time is a failure the caller reports ("try again"): the owner may still have done the
 * work, so callers only send requests that are safe to repeat or whose effect the person sees
 * (a restore shows in the page, a decision in the suggestion list).
 */

const channelOf = (instanceId: string) => `opinio:calls:${instanceId}`;

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

  const send = (to: string, envelope: Envelope<Request, Answer>) => publisher.publish(channelOf(to), JSON.stringify(envelope));

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
    options.handle(envelope.request).then(
      (answer) => send(from, { type: "answer", id, answer }).catch(report),
      (error: unknown) => send(from, { type: "answer", id, error: error instanceof Error ? error.message : String(error) }).catch(report),
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
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new OwnerCallError(`instance ${ownerId} did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (answer) => (clearTimeout(timer), resolve(answer)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        send(ownerId, { type: "request", id, from: instanceId, request }).then(
          (receivers) => {
            // Nobody listens on the owner's channel: it stopped, or lost Redis.
            if (receivers === 0) waiting.get(id)?.reject(new OwnerCallError(`instance ${ownerId} is not listening`));
          },
          (error: unknown) => waiting.get(id)?.reject(new OwnerCallError(`could not reach instance ${ownerId}: ${String(error)}`)),
        );
      }).finally(() => waiting.delete(id));
    },
    async close() {
      for (const caller of waiting.values()) caller.reject(new OwnerCallError("shutting down"));
      waiting.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
