import { describe, expect, it } from "vitest";
import { deploymentProblems } from "./deployment-check";

const SHARED = { AUTH_SECRET: "s", NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "k" };

describe("deploymentProblems", () => {
  it("accepts the embedded default and a SQLite file", () => {
    expect(deploymentProblems({})).toEqual([]);
    expect(deploymentProblems({ DATABASE_URL: "data/opinio.db" })).toEqual([]);
    expect(deploymentProblems({ DATABASE_URL: "file:/var/lib/opinio/opinio.db" })).toEqual([]);
  });

  it("accepts PostgreSQL, alone or shared by several instances with shared secrets", () => {
    expect(deploymentProblems({ DATABASE_URL: "postgres://u:p@db/opinio" })).toEqual([]);
    expect(deploymentProblems({ DATABASE_URL: "postgresql://db/opinio", REDIS_URL: "redis://cache:6379", ...SHARED })).toEqual([]);
  });

  it("refuses URLs of other databases, without echoing a password", () => {
    const [mysql] = deploymentProblems({ DATABASE_URL: "mysql://user:secret@db/opinio" });
    expect(mysql).toMatch(/must be a SQLite file .* or a postgres:\/\/ URL/);
    expect(mysql).not.toContain("secret");
  });

  it("refuses several instances on SQLite, and without shared secrets, naming each problem", () => {
    const problems = deploymentProblems({ REDIS_URL: "redis://127.0.0.1:6379" });
    expect(problems).toEqual([
      expect.stringMatching(/SQLite file that only one process may serve/),
      expect.stringMatching(/share one AUTH_SECRET/),
      expect.stringMatching(/NEXT_SERVER_ACTIONS_ENCRYPTION_KEY/),
    ]);
    expect(deploymentProblems({ REDIS_URL: "http://cache", ...SHARED })).toEqual([
      "REDIS_URL must be a redis:// or rediss:// URL.",
      expect.stringMatching(/SQLite file/),
    ]);
  });
});
