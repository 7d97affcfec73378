import { spawn } from "node:child_process";
import path from "node:path";
import type { DiagnosticsReport } from "@/lib/server/diagnostics";
import { askDiagnostics, startServer, TEST_SECRET } from "@/tests/helpers/server";

/**
 * Servers for the collab and HTTP benchmarks, each a child process with an IPC channel for its
 * diagnostics (event-loop delay, RSS, compactions): the real Opinio server (lib/server/main.ts on
 * the production build, started as the integration tests start it) and the bare references.
 */

const ROOT = path.resolve(__dirname, "..", "..");

export type ServerKind = "opinio" | "hocuspocus" | "relay" | "render-reference";

export type BenchServer = {
  kind: ServerKind;
  url: string;
  pid: number;
  /** The server's figures; `reset` starts a new measurement window, `gc` collects garbage first (needs --expose-gc). */
  diagnostics(options?: { reset?: boolean; gc?: boolean }): Promise<DiagnosticsReport>;
  stop(): Promise<void>;
};

/**
 * The real server on `dataDir` (already migrated and seeded by the benchmark); `root` runs another
 * checkout's code and build instead of this one's (an A/B baseline).
 */
export async function startOpinio(
  dataDir: string,
  options: { env?: Record<string, string>; exposeGc?: boolean; root?: string } = {},
): Promise<BenchServer> {
  const server = await startServer({
    dataDir,
    root: options.root,
    ipc: true,
    // OPINIO_BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the real server.
    nodeArgs: [...(options.exposeGc ? ["--expose-gc"] : []), ...(process.env.OPINIO_BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [])],
    env: { OPINIO_DIAGNOSTICS: "1", LOG_LEVEL: "warn", ...options.env },
  });
  const child = server.process;
  return {
    kind: "opinio",
    url: server.url,
    pid: child.pid!,
    diagnostics: (o = {}) => askDiagnostics(child, o),
    stop: () => server.kill("SIGTERM"),
  };
}

/** A bare Hocuspocus or a raw ws relay (bench/servers/bare.ts). */
export function startBare(kind: "hocuspocus" | "relay", options: { exposeGc?: boolean } = {}): Promise<BenchServer> {
  return startChild(kind, [...(options.exposeGc ? ["--expose-gc"] : []), "--import", "tsx", "bench/servers/bare.ts", kind]);
}

/** The render benchmark's bare node:http + renderToString handler, on the benchmark's database. */
export function startRenderReference(dataDir: string): Promise<BenchServer> {
  return startChild("render-reference", ["--import", "tsx", "bench/servers/render-reference.tsx"], {
    DATA_DIR: dataDir,
    AUTH_SECRET: TEST_SECRET,
    NODE_ENV: "production",
  });
}

async function startChild(kind: ServerKind, args: string[], env: Record<string, string> = {}): Promise<BenchServer> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let log = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start in time:\n${log}`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const match = /OPINIO_LISTENING (\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${code}:\n${log}`));
    });
  });
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    diagnostics: (o = {}) => askDiagnostics(child, o),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
