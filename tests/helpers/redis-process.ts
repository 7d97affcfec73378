import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./smtp";
import { waitFor } from "./wait";

/**
 * A Redis server of the test's own (the installed `redis-server`, no persistence) on a free port,
 * for tests that stop and restart Redis: the machine's shared Redis on 6379 is never touched.
 */
export type RedisProcess = { readonly url: string; stop(): Promise<void>; start(): Promise<void> };

export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    const started = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    let output = "";
    started.stdout?.on("data", (chunk) => (output += chunk));
    await waitFor(
      () => {
        if (started.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
        if (!output.includes("Ready to accept connections")) throw new Error("redis-server is starting");
      },
      { timeout: 10_000 },
    );
  }

  async function stop(): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  }

  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
