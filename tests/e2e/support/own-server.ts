import type { Browser, BrowserContextOptions } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { closeDb } from "@/db/client";
// Aliased: the name is not a React hook, whatever its prefix tells the hooks lint rule.
import { useDataDir as openDataDir } from "../../helpers/fixtures";
import { makeDataDir, startServer, type RunningServer } from "../../helpers/server";
import { collectPageErrors, expect, signedInContext, test, type Credentials } from "./fixtures";
import type { E2EServerState } from "./server-state";

/** One person's browser context, signed in, with the errors its page has thrown so far. */
export type Session = Awaited<ReturnType<typeof signedInContext>>;

/**
 * A server of the spec's own: the production build on a fresh data directory, not yet set up
 * (nor seeded, unless `env` says SEED_DEMO). Every spec has one, so a spec neither depends on nor
 * disturbs another's state, whatever order they run in. `stop` ends the server, keeps its log
 * as test-results/e2e-server-<name>.log, removes the data directory (unless KEEP_E2E_DATA is set)
 * and closes this process's database handle, so a later useDataDir opens another server's file.
 */
export async function startOwnServer(
  name: string,
  env: Record<string, string> = {},
): Promise<{ state: E2EServerState; stop: () => Promise<void> }> {
  const dataDir = makeDataDir(`opinio-e2e-${name}-`);
  let server: RunningServer;
  try {
    server = await startServer({ dataDir, env: { SEED_DEMO: "false", ...env } });
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const state: E2EServerState = { url: server.url, port: server.port, dataDir, pid: server.process.pid ?? -1 };
  return {
    state,
    async stop() {
      closeDb();
      await server.kill("SIGTERM");
      fs.mkdirSync("test-results", { recursive: true });
      fs.writeFileSync(path.join("test-results", `e2e-server-${name}.log`), server.output());
      if (process.env.KEEP_E2E_DATA) console.log(`e2e data directory kept at ${dataDir}`);
      else fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The set-up shared by every spec that runs against a server of its own (see startOwnServer) with
 * people signed in to it, each in a browser context of their own. Call it once, at the top of the
 * spec file: it registers the hooks such a spec needs, so that each spec only seeds its data.
 * - After each test: on failure, a screenshot of every person's page is attached (Playwright's own
 *   is of the unused default page); then no page may have thrown or hit the Content-Security-Policy
 *   (unless `checkPageErrors` is false, for a spec that provokes and checks those itself).
 * - After all tests: the contexts are closed, then the server is stopped.
 * In the spec's beforeAll, `start()` starts the server and opens its database in this process (for
 * seeding through Opinio's commands), then `signIn` opens each person's context.
 */
export function ownServer(name: string, env: Record<string, string> = {}, options: { checkPageErrors?: boolean } = {}) {
  const { checkPageErrors = true } = options;
  let running: Awaited<ReturnType<typeof startOwnServer>> | undefined;
  /** Each person with the name their failure screenshot is attached under. */
  const people: [label: string, session: Session][] = [];

  // Playwright reads the (empty) destructuring pattern to know this hook needs no fixtures.
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const [label, session] of people) {
        if (!session.page.isClosed())
          await testInfo.attach(`${label}.png`, { body: await session.page.screenshot({ fullPage: true }), contentType: "image/png" });
      }
    }
    if (checkPageErrors)
      expect(
        people.flatMap(([, session]) => session.errors),
        "uncaught errors or CSP violations in the pages",
      ).toEqual([]);
  });

  test.afterAll(async () => {
    for (const [, session] of people) await session.context.close();
    await running?.stop();
  });

  const state = (): E2EServerState => {
    if (!running) throw new Error(`the ${name} server is not started: call start() in beforeAll`);
    return running.state;
  };

  return {
    /** The running server's address and data directory (after `start`). */
    get state(): E2EServerState {
      return state();
    },
    async start(): Promise<E2EServerState> {
      running = await startOwnServer(name, env);
      // An earlier spec file in this worker may have opened its own server's database, and
      // useDataDir would otherwise go on using that open handle.
      closeDb();
      openDataDir(running.state.dataDir);
      return running.state;
    },
    /** A fresh context, not signed in, on this server; `label` names its screenshot when a test fails. */
    async open(browser: Browser, label: string, contextOptions: BrowserContextOptions = {}): Promise<Session> {
      const context = await browser.newContext({ ...contextOptions, baseURL: state().url });
      const page = await context.newPage();
      const session = { context, page, errors: collectPageErrors(page) };
      people.push([label, session]);
      return session;
    },
    /** A fresh context signed in as `user`; `label` names its screenshot when a test fails. */
    async signIn(browser: Browser, label: string, user: Credentials, contextOptions: BrowserContextOptions = {}): Promise<Session> {
      const session = await signedInContext(browser, state(), user, contextOptions);
      people.push([label, session]);
      return session;
    },
  };
}
