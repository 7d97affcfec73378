import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, getDbHandle } from "./client";
import { migrateDatabase } from "./migrate";
import { findUserById, insertUser } from "./queries/users";

const saved = process.env.DATA_DIR;

function freshDatabase(): void {
  closeDb();
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-prepared-"));
  migrateDatabase();
}

afterEach(() => {
  closeDb();
  process.env.DATA_DIR = saved;
});

describe("preparedQuery", () => {
  it("answers with each call's values, and is rebuilt for a reopened database", async () => {
    freshDatabase();
    await insertUser({ id: "u1", email: "one@example.test", name: "One", passwordHash: null });
    await insertUser({ id: "u2", email: "two@example.test", name: "Two", passwordHash: null });
    expect((await findUserById("u1"))?.name).toBe("One");
    expect((await findUserById("u2"))?.name).toBe("Two");
    expect(await findUserById("nobody")).toBeUndefined();
    // A query kept from the closed connection would throw "The database connection is not open".
    freshDatabase();
    expect(await findUserById("u1")).toBeUndefined();
    await insertUser({ id: "u1", email: "again@example.test", name: "Again", passwordHash: null });
    expect((await findUserById("u1"))?.name).toBe("Again");
  });

  it("runs on a connection that reuses statements by SQL text, so raw SQL needs no cache of its own", () => {
    freshDatabase();
    const { sqlite } = getDbHandle();
    expect(sqlite.prepare("SELECT count(*) FROM users")).toBe(sqlite.prepare("SELECT count(*) FROM users"));
  });
});
