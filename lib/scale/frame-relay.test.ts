import { describe, expect, it } from "vitest";
import { decodeFrames, encodeFrames } from "./frame-relay";

describe("a Frames envelope's body", () => {
  const segments = [
    { tunnelIds: ["a", "bé", "c".repeat(255)], body: Buffer.from([0, 1, 2, 255]) },
    { tunnelIds: ["a"], body: Buffer.alloc(0) },
    { tunnelIds: ["d"], body: Buffer.alloc(70_000, 7) },
  ];

  it("reads back the segments it was given, in order", () => {
    expect(decodeFrames(encodeFrames(segments))).toEqual(segments);
  });

  it("is refused whole when cut short or malformed, so no tunnel gets a wrong frame", () => {
    const encoded = encodeFrames(segments);
    for (const length of [1, 3, 10, encoded.length - 1]) expect(decodeFrames(encoded.subarray(0, length))).toBeNull();
    expect(decodeFrames(Buffer.from([0, 0, 0, 0, 0]))).toBeNull();
  });

  it("refuses what it could not read back", () => {
    expect(() => encodeFrames([{ tunnelIds: [], body: Buffer.alloc(1) }])).toThrow();
    expect(() => encodeFrames([{ tunnelIds: ["x".repeat(256)], body: Buffer.alloc(1) }])).toThrow();
  });
});
