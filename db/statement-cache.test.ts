import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cacheStatements } from "./statement-cache";

describe("cacheStatements", () => {
  it("reuses a statement for the same SQL, reset to the default modes", () => {
    const sqlite = new Database(":memory:");
    cacheStatements(sqlite);
    sqlite.prepare("CREATE TABLE t (a INTEGER, b TEXT)").run();
    sqlite.prepare("INSERT INTO t VALUES (?, ?)").run(1, "one");
    sqlite.prepare("INSERT INTO t VALUES (?, ?)").run(2, "two");
    const first = sqlite.prepare("SELECT a, b FROM t ORDER BY a");
    expect(first.pluck().all()).toEqual([1, 2]);
    const again = sqlite.prepare("SELECT a, b FROM t ORDER BY a");
    expect(again).toBe(first);
    expect(again.all()).toEqual([{ a: 1, b: "one" }, { a: 2, b: "two" }]);
    expect(sqlite.prepare("SELECT a, b FROM t ORDER BY a").raw().all()).toEqual([[1, "one"], [2, "two"]]);
    expect(sqlite.prepare("SELECT a, b FROM t ORDER BY a").get()).toEqual({ a: 1, b: "one" });
    sqlite.close();
  });
});
