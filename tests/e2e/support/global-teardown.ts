import fs from "node:fs";
import path from "node:path";
import { serverHolder } from "./global-setup";
import { STATE_ENV } from "./server-state";

/** Stops the server, keeps its log in test-results/, and removes the temporary data directory. */
export default async function globalTeardown(): Promise<void> {
  const server = serverHolder.__opinioE2EServer;
  serverHolder.__opinioE2EServer = undefined;
  if (!server) return;
  await server.kill("SIGTERM");
  fs.mkdirSync("test-results", { recursive: true });
  fs.writeFileSync(path.join("test-results", "e2e-server.log"), server.output());
  if (process.env.KEEP_E2E_DATA) {
    console.log(`e2e data directory kept at ${server.dataDir}`);
  } else {
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
  delete process.env[STATE_ENV];
}
