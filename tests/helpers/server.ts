import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DiagnosticsReport } from "@/lib/server/diagnostics";

export type RunningServer = {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Ends the process with a signal and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
};

export const TEST_SECRET = "test-secret-for-opinio-integration-tests-0123456789";

export function makeDataDir(prefix = "opinio-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts the real Opinio server (production Next build, real SQLite, real collab) as a child
 * process on a free port. The child is `node` itself, not a wrapper, so SIGKILL really kills it.
 */
export async function startServer(
  options: { dataDir?: string; env?: Record<string, string>; port?: number; nodeArgs?: string[]; ipc?: boolean; root?: string } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  // `root`: another checkout with its own production build, for a benchmark's A/B (bench/README.md).
  const root = options.root ?? path.resolve(__dirname, "..", "..");
  // `ipc` gives the benchmarks a channel to ask the server for its diagnostics (lib/server/diagnostics.ts).
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "lib/server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      PORT: String(options.port ?? 0),
      HOST: "127.0.0.1",
      AUTH_SECRET: TEST_SECRET,
      OPINIO_PRINT_PORT: "1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      SEED_DEMO: "false",
      ...options.env,
    },
    stdio: options.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${log}`)), 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /OPINIO_LISTENING (\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${log}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    process: child,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    output: () => log,
  };
}

/** A REST reply, read once, in the forms the tests look at it. */
export type ApiReply = {
  status: number;
  headers: Headers;
  /** The body as text: what to read for an HTML, Markdown or CSV reply. */
  text: string;
  /**
   * The body parsed as JSON, or {} when it is empty or not JSON (a 204, a download). Typed loosely:
   * replies are read field by field in the assertions, and their shapes are checked there.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: Record<string, any>;
};

export type ApiCallOptions = {
  /** Sent as the body instead of JSON.stringify(body), for malformed or non-JSON input. */
  raw?: string;
  /** The body's content type; application/json unless set. */
  contentType?: string;
  headers?: Record<string, string>;
  /** "manual" to see a redirect instead of following it. */
  redirect?: RequestRedirect;
};

/**
 * One call to a running server's REST API (`path` is below /api/v1), as an API client makes it:
 * with a Bearer token (null: anonymous) and a JSON body when one is given. Shared by the tests so
 * that every file sends the same requests and reads replies the same way.
 */
export async function callApi(
  server: { url: string },
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  options: ApiCallOptions = {},
): Promise<ApiReply> {
  const headers: Record<string, string> = { ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  const response = await fetch(`${server.url}/api/v1${path}`, { method, headers, body: payload, redirect: options.redirect });
  const text = await response.text();
  let json = {};
  try {
    if (text) json = JSON.parse(text);
  } catch {
    // Not JSON: the caller reads `text`.
  }
  return { status: response.status, headers: response.headers, text, json };
}

let nextDiagnosticsId = 1;

/**
 * Asks a server started with `ipc: true` and OPINIO_DIAGNOSTICS=1 for its own figures
 * (event-loop delay, memory, compactions; see lib/server/diagnostics.ts). `reset` starts a new
 * measurement window, `gc` collects garbage first (needs --expose-gc).
 */
export function askDiagnostics(child: ChildProcess, options: { reset?: boolean; gc?: boolean } = {}): Promise<DiagnosticsReport> {
  const id = nextDiagnosticsId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not answer the diagnostics request")), 10_000);
    const onMessage = (message: DiagnosticsReport) => {
      if (message?.type !== "opinio-diagnostics" || message.id !== id) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(message);
    };
    child.on("message", onMessage);
    child.send!({ type: "opinio-diagnostics", id, ...options });
  });
}
