import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/db/client";
import { closeDatabase } from "@/db/executor";
// Aliased: the name is not a React hook, whatever its prefix tells the hooks lint rule.
import { useDataDir as openDataDir } from "./fixtures";
import { makeDataDir, startServer, type RunningServer } from "./server";
import { createTempPostgresDatabase, dropTempPostgresDatabase } from "./temp-postgres";

/**
 * Which database the servers of this test process run on: SQLite unless OPINIO_TEST_DATABASE is
 * "postgres", which the files under tests/integration/on-postgres/ set before importing a suite,
 * so one suite proves a feature on both databases.
 */
function testDatabase(): "sqlite" | "postgres" {
  return process.env.OPINIO_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

export type WithServerOptions = {
  /** Prefix of the temporary data directory's name, to recognise a leftover one. */
  prefix?: string;
  env?: Record<string, string>;
  /** A channel for askDiagnostics (see startServer). */
  ipc?: boolean;
  /**
   * Another server's data directory, read when this one starts (its owner removes it): for two
   * servers on one database. Start them one after the other: each migrates the database.
   */
  dataDir?: () => string;
  /**
   * Opens the server's database in the test process once it listens, for seeding through Opinio's
   * commands (useDataDir); true unless said. A test with a database of its own says false.
   */
  openDatabase?: boolean;
};

/**
 * The real server of a test file (or describe block). Its address and data directory are read
 * through the handle, which always points at the process running now, restarts included.
 */
export type ServerHandle = {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly process: ChildProcess;
  output(): string;
  /** Ends the process (SIGTERM unless said) and waits for it to exit; `start` brings it back. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same data directory, port and environment. */
  start(): Promise<void>;
  /** `kill` then `start`. */
  restart(signal?: NodeJS.Signals): Promise<void>;
};

/**
 * Starts the real server in beforeAll and registers its own teardown in afterAll: the process is
 * stopped, the test process's database handle closed and the data directory removed. Call it at
 * the top of the file, before the file's own hooks: vitest runs afterAll hooks in reverse order,
 * so a file's own clean-up (closing its clients) runs while the server is still up.
 */
export function withServer(options: WithServerOptions = {}): ServerHandle {
  const { openDatabase = true } = options;
  let running: RunningServer | undefined;
  /** The process started last, whose log stays readable after it stopped. */
  let last: RunningServer | undefined;
  let dataDir: string | undefined;
  let port = 0;
  /** The server's PostgreSQL database (made in beforeAll) when the suite runs on PostgreSQL. */
  let postgres: { name: string; url: string } | undefined;
  let savedDatabaseUrl: string | undefined;

  const current = (): RunningServer => {
    if (!running) throw new Error("the server is not running: withServer starts it in beforeAll, and after kill() call start()");
    return running;
  };

  async function start(): Promise<void> {
    dataDir ??= options.dataDir?.() ?? makeDataDir(options.prefix ?? "opinio-test-");
    // A restart keeps the port, so connected providers find the server again where it was.
    const env = postgres ? { ...options.env, DATABASE_URL: postgres.url } : options.env;
    running = last = await startServer({ dataDir, port, env, ipc: options.ipc });
    port = running.port;
  }

  async function kill(signal?: NodeJS.Signals): Promise<void> {
    const stopping = running;
    running = undefined;
    await stopping?.kill(signal);
  }

  beforeAll(async () => {
    if (testDatabase() === "postgres") {
      if (options.dataDir) throw new Error("withServer: two servers on one database are not set up for PostgreSQL here");
      postgres = await createTempPostgresDatabase();
    }
    await start();
    if (!openDatabase) return;
    if (postgres) {
      // The server has migrated it; Opinio's commands in this process pick the dialect from the URL.
      await closeDatabase();
      savedDatabaseUrl = process.env.DATABASE_URL;
      process.env.DATABASE_URL = postgres.url;
    } else openDataDir(dataDir!);
  });

  afterAll(async () => {
    await kill();
    if (openDatabase) {
      closeDb();
      await closeDatabase();
    }
    if (dataDir && !options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (postgres) {
      if (savedDatabaseUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = savedDatabaseUrl;
      await dropTempPostgresDatabase(postgres.name);
    }
  });

  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    get dataDir() {
      if (!dataDir) throw new Error("the server has no data directory yet: withServer creates it in beforeAll");
      return dataDir;
    },
    get process() {
      return current().process;
    },
    output: () => last?.output() ?? "",
    kill,
    start,
    async restart(signal) {
      await kill(signal);
      await start();
    },
  };
}

/**
 * A temporary directory for the test file, created now and removed after its tests (for backups,
 * results and other files a test writes outside a server's data directory).
 */
export function withTempDir(prefix: string): string {
  const dir = makeDataDir(prefix);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
