import { makeDataDir, startServer, type RunningServer } from "@/tests/helpers/server";
import { withEmptyPostgresDatabase } from "../lib/data-dir";
import fs from "node:fs";
import { sleep } from "../lib/collab-load";
import { startBare } from "../lib/servers";
import { median, nowMs } from "../lib/timing";
import type { BenchOptions, BenchResult } from "../lib/types";

/** Metric names, shared with the smoke test. */
export const METRICS = {
  firstResponse: "start to first 200 response",
  idleRss: "RSS when idle",
} as const;

export const name = "startup";
export const description = "The server entry on the production build: start to first 200 response, and resident memory when idle";

const SIZES = { full: { runs: 3, idleMs: 3000 }, quick: { runs: 1, idleMs: 1000 } };

async function firstOk(url: string, deadline: number): Promise<void> {
  while (nowMs() < deadline) {
    try {
      const response = await fetch(url); // a fresh install redirects / to /setup
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  throw new Error(`${url} did not answer 200 in time`);
}

/** Resident set size of a process, from /proc (Linux), in bytes; NaN elsewhere. */
function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** One start of the real server on a fresh, empty database (SQLite in `dataDir`, or a new PostgreSQL database), migrated at start. */
async function startFresh(
  db: BenchOptions["db"],
  dataDir: string,
  work: (server: RunningServer, spawnedAt: number) => Promise<void>,
): Promise<void> {
  const serve = async (env: Record<string, string>) => {
    const spawnedAt = nowMs();
    const server = await startServer({ dataDir, env: { LOG_LEVEL: "warn", ...env } });
    try {
      await work(server, spawnedAt);
    } finally {
      await server.kill();
    }
  };
  if (db === "postgres") await withEmptyPostgresDatabase((url) => serve({ DATABASE_URL: url }));
  else await serve({});
}

export async function run({ quick, db }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const ours: { ms: number; rss: number }[] = [];
  const bare: { ms: number; rss: number }[] = [];
  for (let i = 0; i < size.runs; i++) {
    // Opinio as `npm start` runs it on a built app (scripts/start.ts only adds a build check): the
    // server entry on a fresh data directory, migrations applied at start.
    const dataDir = makeDataDir("opinio-bench-startup-");
    try {
      await startFresh(db, dataDir, async (server, start) => {
        await firstOk(`${server.url}/`, start + 60_000);
        const ms = nowMs() - start;
        await sleep(size.idleMs);
        ours.push({ ms, rss: rssOf(server.process.pid!) });
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // Reference: the same node + tsx loader starting a bare node:http + ws server (no Next, no database).
    const bareStart = nowMs();
    const reference = await startBare("relay");
    try {
      const response = await fetch(reference.url);
      await response.arrayBuffer();
      const ms = nowMs() - bareStart;
      await sleep(size.idleMs);
      bare.push({ ms, rss: rssOf(reference.pid) });
    } finally {
      await reference.stop();
    }
  }
  const mib = (bytes: number) => bytes / 1024 / 1024;
  const rows = [
    {
      metric: METRICS.firstResponse,
      value: median(ours.map((r) => r.ms)),
      unit: "ms",
      reference: { label: "node + tsx, bare node:http server", value: median(bare.map((r) => r.ms)) },
    },
    {
      metric: METRICS.idleRss,
      value: mib(median(ours.map((r) => r.rss))),
      unit: "MiB",
      reference: { label: "node + tsx, bare node:http server", value: mib(median(bare.map((r) => r.rss))) },
    },
  ];
  const notes = [
    `Opinio: \`node --import tsx lib/server/main.ts\` with NODE_ENV=production on the existing \`next build\`, a fresh DATA_DIR (database created and migrated at start${db === "postgres" ? "; with --db postgres a new, empty PostgreSQL database per start, created before the timer starts, migrated by the server" : ""}), timed from spawn to the first 200 of GET / (a fresh install redirects it to /setup, followed); RSS read from /proc after ${size.idleMs / 1000} s idle. Median of ${size.runs} run(s).`,
    "Reference: the same node and tsx loader starting bench/servers/bare.ts (node:http + ws, no Next, no database), timed to its first response; what any server started this way pays.",
  ];
  return { rows, notes };
}
