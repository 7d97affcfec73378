import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTempPostgresDatabase, dropTempPostgresDatabase } from "../helpers/postgres-admin";
import { makeDataDir, startServer } from "../helpers/server";
import { withPostgres } from "../helpers/temp-postgres";

/**
 * The real server refuses settings it cannot serve correctly before it opens or writes anything
 * (issue 20), saying what to change, instead of, say, taking another database's URL for a file name.
 */
describe("starting with settings that cannot work", () => {
  it("stops with every problem named and writes nothing: another database's URL, Redis without PostgreSQL or shared secrets", async () => {
    const dataDir = makeDataDir("opinio-refused-");
    const start = startServer({
      dataDir,
      env: { DATABASE_URL: "mysql://opinio:hunter2@127.0.0.1:3306/opinio", REDIS_URL: "redis://127.0.0.1:6379", AUTH_SECRET: "" },
    });
    const error: Error = await start.then(
      () => {
        throw new Error("the server started");
      },
      (refused: Error) => refused,
    );
    expect(error.message).toMatch(/exited with 1 before listening/);
    expect(error.message).toContain("Opinio cannot start with these settings");
    expect(error.message).toContain("must be a SQLite file (a path, or file:path) or a postgres:// URL");
    expect(error.message).toContain("only one process may serve");
    expect(error.message).toContain("share one AUTH_SECRET");
    expect(error.message).not.toContain("hunter2");
    // Nothing written: no database, no generated secret, no directory named after the URL.
    expect(fs.readdirSync(dataDir)).toEqual([]);
    expect(fs.existsSync(path.resolve("mysql:"))).toBe(false);
  });

  it("stops when e-mail is on without a sender address (MAIL_FROM)", async () => {
    const error: Error = await startServer({ dataDir: makeDataDir("opinio-refused-"), env: { SMTP_URL: "smtp://127.0.0.1:2525" } }).then(
      () => {
        throw new Error("the server started");
      },
      (refused: Error) => refused,
    );
    expect(error.message).toContain("MAIL_FROM is required with SMTP_URL");
  });

  it("judges the scale-out settings before migrating: a PostgreSQL database named with a setting it refuses is left empty", async () => {
    const database = await createTempPostgresDatabase("opinio_refused");
    try {
      const error: Error = await startServer({
        dataDir: makeDataDir("opinio-refused-"),
        env: {
          DATABASE_URL: database.url,
          REDIS_URL: process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379",
          AUTH_SECRET: "a shared secret of at least thirty-two characters",
          NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString("base64"),
          OPINIO_LEASE_TTL_MS: "soon",
        },
      }).then(
        () => {
          throw new Error("the server started");
        },
        (refused: Error) => refused,
      );
      expect(error.message).toContain("OPINIO_LEASE_TTL_MS must be a whole number of milliseconds, at least");
      const tables = await withPostgres(database.url, (client) =>
        client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'"),
      );
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await dropTempPostgresDatabase(database.name);
    }
  });
});
