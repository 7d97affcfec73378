import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { installedVersion } from "./installed-version";
import { assertLib0Patchable, LIB0_VERSION, withoutUpdateListeners } from "./lib0";

describe("lib0 patches: contract", () => {
  it("the lib0 that Yjs loads is the version the patches were written for", () => {
    expect(installedVersion("lib0", "yjs")).toBe(LIB0_VERSION);
    expect(() => assertLib0Patchable()).not.toThrow();
  });

  it("a Y.Doc keeps each event's listeners as a Set in the `_observers` Map, and Yjs encodes updates only for listeners there", () => {
    const doc = new Y.Doc();
    const listener = () => {};
    doc.on("update", listener);
    const observers = (doc as unknown as { _observers: unknown })._observers;
    expect(observers).toBeInstanceOf(Map);
    expect((observers as Map<string, Set<unknown>>).get("update")).toEqual(new Set([listener]));
    // What the patch saves: with the "update" entry gone, a transaction emits (so encodes) nothing.
    const seen: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => seen.push(update));
    (observers as Map<string, Set<unknown>>).delete("update");
    doc.getText("t").insert(0, "x");
    expect(seen).toHaveLength(0);
  });
});

describe("withoutUpdateListeners", () => {
  it("applies the load without update events, and restores the listeners afterwards, even after a throw", () => {
    const source = new Y.Doc();
    source.getText("t").insert(0, "stored page");
    const doc = new Y.Doc();
    const seen: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => seen.push(update));

    withoutUpdateListeners(doc, () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(source)));
    expect(doc.getText("t").toString()).toBe("stored page");
    expect(seen).toHaveLength(0);

    expect(() =>
      withoutUpdateListeners(doc, () => {
        throw new Error("load failed");
      }),
    ).toThrow("load failed");
    doc.getText("t").insert(0, "edited ");
    expect(seen).toHaveLength(1);
  });
});

describe("lib0 patches: no Buffer polyfill in the browser (contract)", () => {
  it("lib0's base64 helpers take the browser branch wherever window and document exist", () => {
    const source = fs.readFileSync(
      path.join(path.dirname(require.resolve("lib0/package.json", { paths: [require.resolve("yjs")] })), "buffer.js"),
      "utf8",
    );
    // Buffer is named only by the Node variants, which are chosen only outside a browser.
    expect(source).toContain("export const toBase64 = env.isBrowser ? toBase64Browser : toBase64Node");
    expect(source).toContain("export const fromBase64 = env.isBrowser ? fromBase64Browser : fromBase64Node");
    const usesOfBuffer = source.split("\n").filter((line) => /\bBuffer\.from\b/.test(line));
    expect(usesOfBuffer.every((line) => /^const (toBase64Node|fromBase64Node) = /.test(line))).toBe(true);
  });

  it("the browser build points Next's Buffer polyfill at the stand-in", () => {
    // next.config.js is CommonJS, loaded as Next loads it.
    const config = createRequire(__filename)("../../next.config.js") as {
      turbopack: { resolveAlias: Record<string, { browser: string }> };
    };
    const target = config.turbopack.resolveAlias["next/dist/compiled/buffer"].browser;
    expect(fs.existsSync(path.resolve(__dirname, "../..", target))).toBe(true);
  });
});
