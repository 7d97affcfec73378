import { Connection, Document } from "@hocuspocus/server";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import * as Y from "yjs";
import { applyHocuspocusPatches, holdConnectionSends, HOCUSPOCUS_VERSION, PATCHED_MEMBERS, sendNow, takeHeldSends } from "./hocuspocus";
import { installedVersion } from "./installed-version";

// Taken before any test applies the patches (each test file has its own module state).
// handleUpdate and handleAwarenessUpdate are private in Hocuspocus's types.
type Handler = (...args: unknown[]) => unknown;
const documentPrototype = Document.prototype as unknown as Record<"handleUpdate" | "handleAwarenessUpdate", Handler>;
const original = {
  handleUpdate: documentPrototype.handleUpdate,
  handleAwarenessUpdate: documentPrototype.handleAwarenessUpdate,
  close: Connection.prototype.close,
  send: Connection.prototype.send,
};

/** What Connection and the patches touch of a ws socket. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  binaryType = "";
  sent: Uint8Array[] = [];
  closedWith: number[] = [];
  send(message: Uint8Array) {
    this.sent.push(message);
  }
  close(code: number) {
    this.closedWith.push(code);
    this.readyState = 3;
  }
}

let documents = 0;

function documentWith(count: number): { document: Document; sockets: FakeSocket[]; connections: Connection[] } {
  const document = new Document(`page.patch-${documents++}`);
  const sockets = Array.from({ length: count }, () => new FakeSocket());
  const connections = sockets.map(
    (socket, i) => new Connection(socket as unknown as WebSocket, {} as IncomingMessage, document, `s${i}`, {}),
  );
  return { document, sockets, connections };
}

function someUpdate(): Uint8Array {
  const source = new Y.Doc();
  source.getText("t").insert(0, "hello");
  return Y.encodeStateAsUpdate(source);
}

describe("Hocuspocus patches: contract", () => {
  it("the installed @hocuspocus/server is the version the patches were written for", () => {
    expect(installedVersion("@hocuspocus/server")).toBe(HOCUSPOCUS_VERSION);
  });

  it("every patched member exists with the arity the replacement takes over", () => {
    expect(PATCHED_MEMBERS).toEqual({ Document: ["handleUpdate", "handleAwarenessUpdate"], Connection: ["close", "send"] });
    expect(original.handleUpdate).toBeTypeOf("function");
    expect(original.handleUpdate.length).toBe(2); // (update, origin)
    expect(original.handleAwarenessUpdate).toBeTypeOf("function");
    expect(original.handleAwarenessUpdate.length).toBe(2); // ({ added, updated, removed }, origin)
    expect(original.close.length).toBe(1); // (event?)
    expect(original.send.length).toBe(1); // (message)
  });

  it("a Document keeps what the fan-out reads: name, awareness, callbacks.onUpdate and connections by socket", () => {
    const { document, sockets, connections } = documentWith(1);
    expect(document.name).toMatch(/^page\.patch-/);
    expect(document.awareness).toBeDefined();
    expect(document.callbacks.onUpdate).toBeTypeOf("function");
    expect(document.connections).toBeInstanceOf(Map);
    const entry = document.connections.get(sockets[0] as unknown as WebSocket);
    expect(entry?.connection).toBe(connections[0]);
    expect(entry?.clients).toBeInstanceOf(Set);
    expect(connections[0].webSocket).toBe(sockets[0]);
    expect(connections[0].document).toBe(document);
  });

  it("applying twice is the same as applying once", () => {
    applyHocuspocusPatches();
    const patched = { update: documentPrototype.handleUpdate, close: Connection.prototype.close, send: Connection.prototype.send };
    applyHocuspocusPatches();
    expect(documentPrototype.handleUpdate).toBe(patched.update);
    expect(Connection.prototype.close).toBe(patched.close);
    expect(Connection.prototype.send).toBe(patched.send);
    expect(patched.update).not.toBe(original.handleUpdate);
  });
});

describe("Hocuspocus patches: behaviour", () => {
  it("sends a document update once to every other connection, as the same bytes, and not back to its sender", () => {
    applyHocuspocusPatches();
    const { document, sockets, connections } = documentWith(3);
    Y.applyUpdate(document, someUpdate(), connections[0]);
    expect(sockets[0].sent).toHaveLength(0);
    expect(sockets[1].sent).toHaveLength(1);
    expect(sockets[2].sent[0]).toBe(sockets[1].sent[0]);
  });

  it("encodes an awareness change once for all connections", () => {
    applyHocuspocusPatches();
    const { document, sockets } = documentWith(2);
    document.awareness.setLocalState({ user: { name: "server" } });
    expect(sockets[0].sent).toHaveLength(1);
    expect(sockets[1].sent[0]).toBe(sockets[0].sent[0]);
  });

  it("closes the socket on the next turn when the server detaches a document, but not for a provider's own detach", async () => {
    applyHocuspocusPatches();
    const { sockets, connections } = documentWith(2);
    connections[0].close({ code: 4000, reason: "refused" });
    connections[1].close({ code: 1000, reason: "provider_initiated" });
    expect(sockets[0].sent).toHaveLength(1); // the close message, first
    expect(sockets[0].closedWith).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sockets[0].closedWith).toEqual([4000]);
    expect(sockets[1].closedWith).toEqual([]);
    // Already detached: nothing more happens.
    connections[0].close({ code: 4000, reason: "again" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sockets[0].closedWith).toEqual([4000]);
  });

  it("holds every send from holdConnectionSends() until takeHeldSends(), which returns them in order", () => {
    applyHocuspocusPatches();
    const { sockets, connections } = documentWith(2);
    const [one, two] = [Uint8Array.of(1), Uint8Array.of(2)];
    holdConnectionSends();
    connections[1].send(one);
    connections[0].send(two);
    expect(sockets[0].sent).toEqual([]);
    expect(sockets[1].sent).toEqual([]);
    const held = takeHeldSends();
    expect(held).toEqual([
      [connections[1], one],
      [connections[0], two],
    ]);
    for (const [connection, message] of held) sendNow(connection, message);
    expect(sockets[1].sent).toEqual([one]);
    expect(sockets[0].sent).toEqual([two]);
    connections[0].send(one);
    expect(sockets[0].sent).toEqual([two, one]);
  });
});
