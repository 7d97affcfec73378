import * as Y from "yjs";
import { assertInstalledVersion } from "./installed-version";

/**
 * Every use Opinio makes of lib0 beyond its public API, in one place. Yjs documents are lib0
 * Observables, which keep their listeners in the private `_observers` (a Map from event name to a
 * Set of listeners); Yjs itself reads it to decide whether to encode an update at all. The version
 * checked is the lib0 that Yjs loads. Checked by applyPatches() (./index.ts) at start-up; the
 * contract test beside this file fails if an upgrade changes what the patch relies on.
 */
export const LIB0_VERSION = "0.2.120";

type Observed = { _observers?: unknown };

/** Checks the installed version, and that a Y.Doc keeps its listeners where the patch looks. */
export function assertLib0Patchable(): void {
  assertInstalledVersion("lib0", LIB0_VERSION, "lib/patches/lib0.ts", "yjs");
  const probe = new Y.Doc();
  const listener = () => {};
  probe.on("update", listener);
  const observers = (probe as unknown as Observed)._observers;
  const found = observers instanceof Map && observers.get("update") instanceof Set && observers.get("update").has(listener);
  probe.destroy();
  if (!found) throw new Error("cannot patch lib0: a Y.Doc no longer keeps its listeners in `_observers` (a Map of Sets)");
}

// --- Patch 1: load a document without update listeners ----------------------------------------
//
// Why: Yjs encodes an update event for every transaction that has `update` listeners, so applying
// a page's stored state to a Hocuspocus Document (which listens, to broadcast) encoded the whole
// page a second time, about half the cost of opening it, for nobody: no connection exists while
// a document loads, and Hocuspocus wires its own update handling only after the load hooks.
// lib0 has no public way to list a listener it did not register, so they are set aside in
// `_observers` directly, and restored even if the load throws.
// What: runs `load` with the document's `update` listeners detached. If `_observers` is not the
// expected Map, the load runs with them attached (slower, same result).
// Delete when: Hocuspocus applies the loaded state before it registers its update listener (or
// loads through an API that takes the state), or lib0 lets a caller list an event's listeners.

/** Runs `load` with the document's `update` listeners detached; they are back when it returns or throws. */
export function withoutUpdateListeners<T>(doc: Y.Doc, load: () => T): T {
  const observers = (doc as unknown as Observed)._observers;
  if (!(observers instanceof Map)) return load();
  const listeners = observers.get("update");
  observers.delete("update");
  try {
    return load();
  } finally {
    if (listeners) observers.set("update", listeners);
  }
}

// --- Patch 2: no Buffer polyfill in the browser -------------------------------------------------
//
// Why: lib0/buffer.js names Node's global `Buffer` in its base64 helpers' Node branch, and
// Turbopack answers any mention of that global in browser code with Next's Buffer polyfill:
// 22 KiB of the browser's Yjs chunk (6.6 KiB gzipped, a fifth of it) that no browser code calls.
// What: next.config.js aliases that polyfill, for the browser build only, to
// ./lib0-browser-buffer.js, which exports an undefined Buffer.
// Holds while: lib0 picks its browser branch wherever `window` and `document` exist (checked by
// the contract test beside this file) and no other browser code uses Buffer (the build would
// still bundle, and the page would fail where it calls Buffer).
// Delete when: lib0 stops naming Buffer in browser builds, or Next offers a switch for its Node
// polyfills in the browser.
