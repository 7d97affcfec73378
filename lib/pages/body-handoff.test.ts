import { describe, expect, it } from "vitest";
import { handOverBody, receiveBody, waitingBodies } from "./body-handoff";

const body = (n: number) => ({ html: `<p>${n}</p>`, state: null });

describe("the page body's hand-over to the shell's server render", () => {
  it("gives the body back under its key, again within a short grace, then no more", () => {
    const t = 1_000_000;
    const key = handOverBody(body(1), t);
    expect(receiveBody(key, t + 10)).toEqual(body(1));
    expect(receiveBody(key, t + 4_000)).toEqual(body(1));
    expect(receiveBody(key, t + 5_011)).toBeNull();
    expect(receiveBody("no-such-key", t)).toBeNull();
  });

  it("forgets a body nobody read after a minute", () => {
    const t = 2_000_000;
    const key = handOverBody(body(2), t);
    expect(receiveBody(key, t + 60_001)).toBeNull();
  });

  it("sweeps expired bodies at most once a second, not on every view", () => {
    const t = 3_000_000;
    // Everything waiting so far expired long ago: the first hand-over of this second sweeps it.
    handOverBody(body(0), t);
    const base = waitingBodies();
    const keys = Array.from({ length: 500 }, (_, i) => handOverBody(body(i), t + 1));
    for (const key of keys) receiveBody(key, t + 2);
    expect(waitingBodies()).toBe(base + 500);
    // Past their grace but within the same sweep second: a view does not walk them all.
    handOverBody(body(501), t + 900);
    expect(waitingBodies()).toBe(base + 501);
    // The next second's first view sweeps the read ones once they are past their grace.
    handOverBody(body(502), t + 5_100);
    expect(waitingBodies()).toBe(base + 2);
    expect(keys.every((key) => receiveBody(key, t + 5_100) === null)).toBe(true);
  });
});
