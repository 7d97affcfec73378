import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { withoutUpdateListeners } from "./quiet-load";

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

    expect(() => withoutUpdateListeners(doc, () => { throw new Error("load failed"); })).toThrow("load failed");
    doc.getText("t").insert(0, "edited ");
    expect(seen).toHaveLength(1);
  });
});
