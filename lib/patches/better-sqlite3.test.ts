import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { BETTER_SQLITE3_VERSION, reuseStatements, STATEMENT_MODES } from "./better-sqlite3";
import { installedVersion } from "./installed-version";

describe("better-sqlite3 patches: contract", () => {
  it("the installed better-sqlite3 is the version the patch was written for", () => {
    expect(installedVersion("better-sqlite3")).toBe(BETTER_SQLITE3_VERSION);
  });

  it("a statement has the modes the patch resets, each kept between runs, and a boolean `reader`", () => {
    const sqlite = new Database(":memory:");
    expect(typeof sqlite.prepare).toBe("function");
    const statement = sqlite.prepare("SELECT 1 AS one");
    for (const mode of STATEMENT_MODES) expect(typeof statement[mode]).toBe("function");
    expect(statement.reader).toBe(true);
    expect(sqlite.prepare("CREATE TABLE t (a)").reader).toBe(false);
    // A mode persists: this is why a reused statement must be reset.
    statement.pluck();
    expect(statement.get()).toBe(1);
    expect(statement.get()).toBe(1);
    statement.pluck(false);
    expect(statement.get()).toEqual({ one: 1 });
    sqlite.close();
  });
});

describe("reuseStatements", () => {
  it("reuses a statement for the same SQL, reset to the default modes", () => {
    const sqlite = new Database(":memory:");
    reuseStatements(sqlite);
    sqlite.prepare("CREATE TABLE t (a INTEGER, b TEXT)").run();
    sqlite.prepare("INSERT INTO t VALUES (?, ?)").run(1, "one");
    sqlite.prepare("INSERT INTO t VALUES (?, ?)").run(2, "two");
    const first = sqlite.prepare("SELECT a, b FROM t ORDER BY a");
    expect(first.pluck().all()).toEqual([1, 2]);
    const again = sqlite.prepare("SELECT a, b FROM t ORDER BY a");
    expect(again).toBe(first);
    expect(again.all()).toEqual([
      { a: 1, b: "one" },
      { a: 2, b: "two" },
    ]);
    expect(sqlite.prepare("SELECT a, b FROM t ORDER BY a").raw().all()).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
    expect(sqlite.prepare("SELECT a, b FROM t ORDER BY a").get()).toEqual({ a: 1, b: "one" });
    sqlite.close();
  });

  it("keeps a bounded number of statements, dropping the least recently used", () => {
    const sqlite = new Database(":memory:");
    reuseStatements(sqlite, 2);
    const kept = sqlite.prepare("SELECT 0");
    const first = sqlite.prepare("SELECT 1");
    expect(sqlite.prepare("SELECT 0")).toBe(kept); // used recently: stays
    sqlite.prepare("SELECT 2");
    expect(sqlite.prepare("SELECT 0")).toBe(kept);
    expect(sqlite.prepare("SELECT 1")).not.toBe(first);
    sqlite.close();
  });
});
