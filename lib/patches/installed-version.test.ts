import { describe, expect, it } from "vitest";
import { applyPatches } from ".";
import { assertFunction, assertInstalledVersion, installedVersion } from "./installed-version";

describe("assertInstalledVersion", () => {
  it("passes for the installed version and refuses any other, naming the patch module to review", () => {
    const installed = installedVersion("ws");
    expect(() => assertInstalledVersion("ws", installed, "lib/patches/ws.ts")).not.toThrow();
    expect(() => assertInstalledVersion("ws", "0.0.1", "lib/patches/ws.ts")).toThrow(
      `lib/patches/ws.ts patches ws 0.0.1, but ws ${installed} is installed. Check each patch in lib/patches/ws.ts`,
    );
  });

  it("finds the package.json of a package that does not export it", () => {
    expect(installedVersion("@hocuspocus/server")).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("assertFunction", () => {
  it("refuses to patch a member that is missing or not a function", () => {
    expect(() => assertFunction({ send() {} }, "send", "X.send")).not.toThrow();
    expect(() => assertFunction({}, "send", "X.send")).toThrow("cannot patch X.send");
    expect(() => assertFunction({ send: 1 }, "send", "X.send")).toThrow("cannot patch X.send");
  });
});

describe("applyPatches", () => {
  it("checks and applies every library's patches, and may be called again", () => {
    expect(() => applyPatches()).not.toThrow();
    expect(() => applyPatches()).not.toThrow();
  });
});
