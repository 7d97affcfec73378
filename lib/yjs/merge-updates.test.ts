import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { mergeUpdatesInGroups } from "./merge-updates";

describe("mergeUpdatesInGroups", () => {
  it("gives the same document as merging all at once, across several levels of grouping", () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    const text = doc.getText("t");
    for (let i = 0; i < 5000; i++) {
      if (i % 7 === 3 && text.length > 2) text.delete(i % text.length, 1);
      else text.insert(i % (text.length + 1), String.fromCharCode(97 + (i % 26)));
    }
    const grouped = new Y.Doc();
    Y.applyUpdate(grouped, mergeUpdatesInGroups(updates.slice(1)), "test");
    const base = new Y.Doc();
    Y.applyUpdate(base, updates[0]);
    Y.applyUpdate(base, mergeUpdatesInGroups(updates.slice(1)));
    expect(base.getText("t").toString()).toBe(text.toString());
    expect(Y.mergeUpdates(updates)).toEqual(mergeUpdatesInGroups([mergeUpdatesInGroups(updates)]));
  });

  it("returns an empty update for nothing and the update itself for one", () => {
    const empty = new Y.Doc();
    Y.applyUpdate(empty, mergeUpdatesInGroups([]));
    expect(empty.store.clients.size).toBe(0);
    const one = Y.encodeStateAsUpdate(new Y.Doc());
    expect(mergeUpdatesInGroups([one])).toBe(one);
  });
});
