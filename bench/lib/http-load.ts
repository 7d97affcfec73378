import http from "node:http";
import { nowMs, percentile } from "./timing";

/**
 * A closed-loop HTTP load generator on node:http: `connections` keep-alive sockets, each sending
 * the next request as soon as the previous response has been read, for `durationMs`. Time to
 * first byte is measured to the response headers.
 */
export async function httpLoad(options: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationMs: number;
  expectStatus?: number;
}): Promise<{ perSecond: number; ttfbP50: number; ttfbP99: number; requests: number; failures: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(options.url);
  const ttfb: number[] = [];
  let failures = 0;
  const deadline = nowMs() + options.durationMs;
  const once = () =>
    new Promise<void>((resolve) => {
      const start = nowMs();
      const req = http.get(
        { agent, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: options.headers },
        (res) => {
          ttfb.push(nowMs() - start);
          if (res.statusCode !== (options.expectStatus ?? 200)) failures++;
          res.resume();
          res.once("end", () => resolve());
          res.once("error", () => resolve());
        },
      );
      req.once("error", () => {
        failures++;
        resolve();
      });
    });
  const started = nowMs();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (nowMs() < deadline) await once();
    }),
  );
  const seconds = (nowMs() - started) / 1000;
  agent.destroy();
  return {
    perSecond: ttfb.length / seconds,
    ttfbP50: percentile(ttfb, 50),
    ttfbP99: percentile(ttfb, 99),
    requests: ttfb.length,
    failures,
  };
}
