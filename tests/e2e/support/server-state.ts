import fs from "node:fs";

/** What the global setup tells the tests about the server it started. */
export type E2EServerState = { url: string; port: number; dataDir: string; pid: number };

/** Environment variable (inherited by Playwright's workers) naming the JSON state file. */
export const STATE_ENV = "OPINIO_E2E_STATE";

export function readServerState(): E2EServerState {
  const file = process.env[STATE_ENV];
  if (!file || !fs.existsSync(file)) {
    throw new Error(`No e2e server state (${STATE_ENV}=${file ?? "unset"}): run the tests with \`npx playwright test\` so the global setup starts the server.`);
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as E2EServerState;
}
