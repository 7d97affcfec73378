import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { makeDataDir, startServer, type RunningServer } from "../../helpers/server";
import { STATE_ENV, type E2EServerState } from "./server-state";

/** Handed to the global teardown, which runs in this same runner process. */
export const serverHolder = globalThis as typeof globalThis & { __opinioE2EServer?: RunningServer };

/**
 * A port that was free a moment ago. The server is given a real port rather than 0 because Next
 * derives the origin for its in-process server-action redirects from the port it was created with.
 */
async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real Opinio server (production build) on a free port with a fresh data directory and
 * the demo wiki switched on, so the first-run setup screen is what a newcomer sees.
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, "..", "..", "..");
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) {
    throw new Error(`No production build at ${path.dirname(buildId)}: run \`npm run build\` (or \`npx next build\`) before \`npx playwright test\`.`);
  }
  const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}: install Debian's package (apt-get install -y chromium); the tests never download a browser.`);
  }

  const dataDir = makeDataDir("opinio-e2e-");
  const port = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : await findFreePort();
  const server = await startServer({ dataDir, port, env: { SEED_DEMO: "true", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" } });
  serverHolder.__opinioE2EServer = server;

  const state: E2EServerState = { url: server.url, port: server.port, dataDir, pid: server.process.pid ?? -1 };
  const stateFile = path.join(dataDir, "e2e-server.json");
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  // Workers start after the global setup and inherit its environment.
  process.env[STATE_ENV] = stateFile;
}
