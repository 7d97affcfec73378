import { describe, expect, it } from "vitest";
import { isPermanentFailure, retryDelay } from "./sender";

describe("mail retries", () => {
  it("wait twice as long each time, at most an hour", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, 60_000))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelay(30, 60_000)).toBe(60 * 60_000);
  });

  it("give up at once only on a 5xx answer to the recipient or the message", () => {
    expect(isPermanentFailure({ code: "EENVELOPE", responseCode: 550 })).toBe(true);
    expect(isPermanentFailure({ code: "EMESSAGE", responseCode: 554 })).toBe(true);
    expect(isPermanentFailure({ code: "EENVELOPE", responseCode: 451 })).toBe(false);
    // A refused login or an unreachable server is for the operator to fix: retried.
    expect(isPermanentFailure({ code: "EAUTH", responseCode: 535 })).toBe(false);
    expect(isPermanentFailure({ code: "ECONNECTION" })).toBe(false);
    expect(isPermanentFailure(new Error("anything else"))).toBe(false);
  });
});
