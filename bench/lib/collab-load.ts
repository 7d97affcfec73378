import { nowMs } from "./timing";
import type { BenchServer } from "./servers";
import { WireClient, type WireClientOptions } from "./wire";

/** Helpers shared by the collab benchmarks (fanout, ingest, persistence, coldopen). */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Connects `count` clients, `batch` at a time, and waits until each is synced. */
export async function connectMany(count: number, make: (index: number) => WireClientOptions, batch = 10): Promise<WireClient[]> {
  const clients: WireClient[] = [];
  for (let start = 0; start < count; start += batch) {
    const group = Array.from({ length: Math.min(batch, count - start) }, (_, i) => new WireClient(make(start + i)));
    await Promise.all(group.map((client) => client.synced));
    clients.push(...group);
  }
  return clients;
}

export async function closeAll(clients: WireClient[]): Promise<void> {
  await Promise.all(clients.map((client) => client.close()));
}

/**
 * Calls `tick(i)` for i = 0, 1, … every `intervalMs` on a fixed schedule (late ticks do not push
 * the later ones back), until `tick` returns false or `durationMs` has passed.
 */
export async function paced(intervalMs: number, durationMs: number, tick: (index: number) => boolean | void): Promise<number> {
  const start = nowMs();
  let index = 0;
  while (nowMs() - start < durationMs) {
    if (tick(index) === false) break;
    index++;
    const wait = start + index * intervalMs - nowMs();
    if (wait > 0) await sleep(wait);
  }
  return index;
}

/** Sends presence from every client once a second, spread over the second. */
export function presenceEverySecond(clients: { client: WireClient; state: Record<string, unknown> }[]): () => void {
  const timers = clients.map(({ client, state }, i) => {
    let position = 0;
    const send = () =>
      client.ws.readyState === client.ws.OPEN && client.sendAwareness({ ...state, cursor: { anchor: ++position, head: position } });
    const start = setTimeout(
      () => {
        send();
        timers[i].interval = setInterval(send, 1000);
      },
      (1000 * i) / clients.length,
    );
    return { start, interval: undefined as NodeJS.Timeout | undefined };
  });
  return () => {
    for (const timer of timers) {
      clearTimeout(timer.start);
      clearInterval(timer.interval);
    }
  };
}

export function serverLabel(server: BenchServer | ServerKindLabel): string {
  const kind = typeof server === "string" ? server : server.kind;
  return kind === "opinio" ? "Opinio (lib/server/main.ts)" : kind === "hocuspocus" ? "bare Hocuspocus" : "raw ws relay";
}

type ServerKindLabel = BenchServer["kind"];
