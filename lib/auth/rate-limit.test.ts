import { beforeEach, describe, expect, it } from "vitest";
import { admitSignInAttempt, recordSignInFailure, recordSignInSuccess } from "./rate-limit";

const LIMIT = 2;

beforeEach(() => {
  process.env.AUTH_RATE_LIMIT = String(LIMIT);
  // Fresh budgets per test (they live on globalThis, shared by the server's bundles).
  delete (globalThis as { __opinioAuthLimiters?: unknown }).__opinioAuthLimiters;
});

describe("sign-in throttling", () => {
  it("shuts an address out of one account after AUTH_RATE_LIMIT attempts, not the account's owner elsewhere", async () => {
    for (let i = 0; i < LIMIT; i++) expect(await admitSignInAttempt("a@example.test", "10.0.0.1")).toBe(true);
    expect(await admitSignInAttempt("a@example.test", "10.0.0.1")).toBe(false);
    expect(await admitSignInAttempt("a@example.test", "10.0.0.2")).toBe(true);
    expect(await admitSignInAttempt("b@example.test", "10.0.0.1")).toBe(true);
  });

  it("limits an address over all accounts to four times that, a success giving its attempt back", async () => {
    await admitSignInAttempt("ok@example.test", "10.0.0.3");
    await recordSignInSuccess("ok@example.test", "10.0.0.3");
    for (let i = 0; i < LIMIT * 4; i++) expect(await admitSignInAttempt(`user${i}@example.test`, "10.0.0.3")).toBe(true);
    expect(await admitSignInAttempt("fresh@example.test", "10.0.0.3")).toBe(false);
    expect(await admitSignInAttempt("fresh@example.test", "10.0.0.4")).toBe(true);
  });

  it("slows an account down past four times AUTH_RATE_LIMIT failures, without refusing it", async () => {
    for (let i = 0; i < LIMIT * 4 + 2; i++) await recordSignInFailure("c@example.test");
    const started = Date.now();
    expect(await admitSignInAttempt("c@example.test", "10.0.0.5")).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(Date.now() - started).toBeLessThan(5_500);
  });
});
