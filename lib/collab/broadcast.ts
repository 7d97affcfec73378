import { Document, OutgoingMessage, type Connection } from "@hocuspocus/server";

/**
 * Fan-out that costs once per update, not once per reader. Hocuspocus 3.4.4's Document encodes
 * every awareness change afresh for each connection (JSON of the changed states included), copies
 * each document update's message once per connection, and echoes an update to the connection it
 * came from, which already has it. With 100 readers each sending presence once a second, that is
 * 10,000 awareness encodings a second on the event loop. These replacements encode each message
 * once, send the same bytes to every connection, and skip the sender's echo; what each client
 * receives is otherwise unchanged (same messages, same order).
 *
 * Document binds both handlers in its constructor, so they are replaced on the prototype, once,
 * before the first document exists. Revisit on a Hocuspocus upgrade (4.x reworked this code).
 */

type DocumentInternals = {
  name: string;
  awareness: unknown;
  connections: Map<unknown, { clients: Set<number>; connection: Connection }>;
  callbacks: { onUpdate(document: Document, connection: Connection | unknown, update: Uint8Array): void };
};

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

function handleUpdate(this: Document & DocumentInternals, update: Uint8Array, origin: unknown): Document {
  this.callbacks.onUpdate(this, origin, update);
  const message = new OutgoingMessage(this.name).createSyncMessage().writeUpdate(update).toUint8Array();
  for (const { connection } of this.connections.values()) {
    if (connection !== origin) connection.send(message);
  }
  return this;
}

function handleAwarenessUpdate(this: Document & DocumentInternals, { added, updated, removed }: AwarenessChange, origin: unknown): Document {
  if (origin !== null) {
    const entry = this.connections.get(origin);
    if (entry) {
      for (const clientId of added) entry.clients.add(clientId);
      for (const clientId of removed) entry.clients.delete(clientId);
    }
  }
  if (this.connections.size === 0) return this;
  const changed = added.concat(updated, removed);
  const message = new OutgoingMessage(this.name).createAwarenessUpdateMessage(this.awareness as never, changed).toUint8Array();
  for (const { connection } of this.connections.values()) connection.send(message);
  return this;
}

let installed = false;

/** Replaces Document's fan-out handlers; call before Hocuspocus creates its first document. */
export function installEncodeOnceFanout(): void {
  if (installed) return;
  installed = true;
  const prototype = Document.prototype as unknown as Record<string, unknown>;
  prototype.handleUpdate = handleUpdate;
  prototype.handleAwarenessUpdate = handleAwarenessUpdate;
}
