import { afterEach, describe, expect, it } from "vitest";
import { closePostgres } from "@/db/postgres/client";
import { scaleOutFromEnv } from "./instance";

// Opening the pool does not connect (pg connects on the first query): no database needed here.
const base = { REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" };
const env = (values: Record<string, string>) => values as NodeJS.ProcessEnv;

afterEach(async () => {
  await closePostgres();
});

describe("scaleOutFromEnv", () => {
  it("is off without REDIS_URL, and leaves the lease at its default unless OPINIO_LEASE_TTL_MS is set", () => {
    expect(scaleOutFromEnv(env({ DATABASE_URL: base.DATABASE_URL }))).toBeUndefined();
    expect(scaleOutFromEnv(env(base))?.leaseTtlMs).toBeUndefined();
    expect(scaleOutFromEnv(env({ ...base, OPINIO_LEASE_TTL_MS: "1500" }))?.leaseTtlMs).toBe(1500);
  });

  it.each(["abc", "1.5", "-1000", "100", "2s"])("refuses OPINIO_LEASE_TTL_MS=%s with a sentence naming the setting", (value) => {
    expect(() => scaleOutFromEnv(env({ ...base, OPINIO_LEASE_TTL_MS: value }))).toThrow(
      `OPINIO_LEASE_TTL_MS must be a whole number of milliseconds, at least 300; got "${value}"`,
    );
  });
});
