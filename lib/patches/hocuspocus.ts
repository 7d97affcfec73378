import type { CloseEvent } from "@hocuspocus/common";
import { Connection, Document, OutgoingMessage } from "@hocuspocus/server";
import { assertFunction, assertInstalledVersion } from "./installed-version";

/**
 * Every change Opinio makes to @hocuspocus/server's own behaviour, in one place. Each replaces a
 * method on a prototype, because Hocuspocus 3.4.4 offers no hook that could do it (its hooks can
 * accept a message, throw to close the connection, or observe). Applied once, by applyPatches()
 * (./index.ts), before the first Document or Connection exists; the contract test beside this
 * file fails if an upgrade renames or reshapes what a patch relies on.
 */
export const HOCUSPOCUS_VERSION = "3.4.4";

/** What the patches replace; checked before anything is replaced. */
export const PATCHED_MEMBERS = {
  Document: ["handleUpdate", "handleAwarenessUpdate"],
  Connection: ["close", "send"],
} as const;

let applied = false;

/** Checks the installed version and every patched member, then applies the patches below, once. */
export function applyHocuspocusPatches(): void {
  if (applied) return;
  assertInstalledVersion("@hocuspocus/server", HOCUSPOCUS_VERSION, "lib/patches/hocuspocus.ts");
  for (const member of PATCHED_MEMBERS.Document) {
    assertFunction(Document.prototype, member, `Hocuspocus Document.prototype.${member}`);
  }
  for (const member of PATCHED_MEMBERS.Connection) {
    assertFunction(Connection.prototype, member, `Hocuspocus Connection.prototype.${member}`);
  }
  encodeFanOutOnce();
  closeSocketWhenDetached();
  makeSendsHoldable();
  applied = true;
}

// --- Patch 1: encode each broadcast once -------------------------------------------------------
//
// Why: Document encodes every awareness change afresh for each connection (JSON of the changed
// states included), copies each document update's message once per connection, and echoes an
// update to the connection it came from, which already has it. With 100 readers each sending
// presence once a second, that is 10,000 awareness encodings a second on the event loop.
// What: Document.handleUpdate and handleAwarenessUpdate encode each message once, send the same
// bytes to every connection and skip the sender's echo; what each client receives is otherwise
// unchanged (same messages, same order). The constructor binds both handlers, so the prototype is
// the only place to replace them.
// Delete when: moving to Hocuspocus 4 (needs Node >= 22): its Document.broadcast() encodes once per
// broadcast and coalesces one turn's updates (docs/node-upgrade.md); it still echoes the sender,
// which is harmless. The patch must go with that upgrade anyway: 4.x's versions of these private
// methods carry the batching. `npm run bench` fanout shows the difference.

type DocumentInternals = {
  name: string;
  awareness: unknown;
  connections: Map<unknown, { clients: Set<number>; connection: Connection }>;
  callbacks: { onUpdate(document: Document, connection: Connection | unknown, update: Uint8Array): void };
};

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

function handleUpdateOnce(this: Document & DocumentInternals, update: Uint8Array, origin: unknown): Document {
  this.callbacks.onUpdate(this, origin, update);
  const message = new OutgoingMessage(this.name).createSyncMessage().writeUpdate(update).toUint8Array();
  for (const { connection } of this.connections.values()) {
    if (connection !== origin) connection.send(message);
  }
  return this;
}

function handleAwarenessUpdateOnce(
  this: Document & DocumentInternals,
  { added, updated, removed }: AwarenessChange,
  origin: unknown,
): Document {
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

function encodeFanOutOnce(): void {
  const prototype = Document.prototype as unknown as Record<string, unknown>;
  prototype.handleUpdate = handleUpdateOnce;
  prototype.handleAwarenessUpdate = handleAwarenessUpdateOnce;
}

// --- Patch 2: close the socket when the server detaches a document -----------------------------
//
// Why: when Hocuspocus closes a connection itself (a hook refused a message, applying one threw),
// it only detaches the document and sends a close message; the socket stays open. The provider
// then believes itself connected: messages already in flight still answer its sync (it shows as
// synced again), and everything it sends afterwards waits on the server for an authentication
// that never comes, neither applied nor acknowledged.
// What: Connection.close also closes the socket, on the next turn (the close message goes out
// first), unless the provider asked to detach one document from a shared socket. The provider
// then reconnects, authenticates and syncs afresh, so nothing it typed is stranded. On the
// prototype rather than from a hook: a queued message can close a connection before any hook
// that sees it has run.
// Delete when: Hocuspocus closes the socket (or makes the provider resync) on a server-side close.
// 4.7.0 still does not, so it stays through Hocuspocus 4 (whose `webSocket` has no OPEN constant
// to compare with). tests/integration/collab.test.ts ("…closes the socket too, so the provider
// reconnects…") shows whether it is still needed.

/** Sent by a provider that detaches one document from a shared socket: the socket stays. */
const PROVIDER_INITIATED = "provider_initiated";

function closeSocketWhenDetached(): void {
  const close = Connection.prototype.close;
  Connection.prototype.close = function closeAndDropSocket(this: Connection, event?: CloseEvent) {
    const wasAttached = this.document.hasConnection(this);
    close.call(this, event);
    if (!wasAttached || event?.reason === PROVIDER_INITIATED) return;
    const socket = this.webSocket;
    setImmediate(() => {
      if (socket.readyState === socket.OPEN) socket.close(4000, "Document closed by the server");
    });
  };
}

// --- Patch 3: hold outgoing messages until the group commit -----------------------------------
//
// Why: every Yjs update must be on disk before its author is told it is saved, and Hocuspocus sends
// that acknowledgement (SyncStatus) right after applying the update, with no hook in between. The
// group commit (lib/collab/group-commit.ts) writes the updates of one event-loop turn together.
// What: Connection.send queues its message while a hold is on (holdConnectionSends); the group
// commit takes the queue after writing (takeHeldSends) and sends it in order (sendNow).
// Delete when: Hocuspocus lets an extension delay an update's acknowledgement until a write
// settles, without serialising messages. This is Opinio's durability rule, not a Hocuspocus bug:
// it stays through Hocuspocus 4, where it must be re-proved (the sync path is async there) with
// the durability, crash-chaos and backup-under-load suites.

export type HeldSend = [connection: Connection, message: Uint8Array];

let holding = false;
let held: HeldSend[] = [];
let originalSend: ((this: Connection, message: Uint8Array) => void) | null = null;

function makeSendsHoldable(): void {
  const prototype = Connection.prototype as unknown as { send(this: Connection, message: Uint8Array): void };
  const send = prototype.send;
  originalSend = send;
  prototype.send = function sendOrHold(this: Connection, message: Uint8Array) {
    if (holding) held.push([this, message]);
    else send.call(this, message);
  };
}

/** From now until takeHeldSends(), every Connection.send is queued. No effect unless applied. */
export function holdConnectionSends(): void {
  holding = originalSend !== null;
}

/** Ends the hold and returns the messages it queued, in the order they were sent. */
export function takeHeldSends(): HeldSend[] {
  holding = false;
  const messages = held;
  held = [];
  return messages;
}

/** Sends a held message for real (Hocuspocus's own send: a closing socket drops it). */
export function sendNow(connection: Connection, message: Uint8Array): void {
  (originalSend ?? Connection.prototype.send).call(connection, message);
}
