import { MessageType, type beforeHandleMessagePayload, type Connection, type Document, type Extension } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import type { CollabContext } from "../context";

// What the official provider sends: sync, awareness, auth, stateless, close. BroadcastStateless
// (6) in particular would be relayed to every client, bypassing every hook and read-only mode.
const CLIENT_MESSAGE_TYPES = new Set<number>([
  MessageType.Sync,
  MessageType.Awareness,
  MessageType.Auth,
  MessageType.QueryAwareness,
  MessageType.Stateless,
  MessageType.CLOSE,
]);

/**
 * Hardening Hocuspocus 3.4.4 lacks: clients may not broadcast stateless messages to everyone,
 * and nobody can wear someone else's name or caret colour. Throwing here makes Hocuspocus close
 * the offending connection before the message is applied. The hook stays synchronous in effect
 * (no awaits), so message order is kept.
 */
export class MessageGuardExtension implements Extension {
  /** Awareness client ids by the connection that first sent them, per document (see clientOwners). */
  private claims = new WeakMap<Document, Map<number, Connection>>();

  async beforeHandleMessage({ update, context, document, connection }: beforeHandleMessagePayload): Promise<void> {
    const decoder = decoding.createDecoder(update);
    decoding.readVarString(decoder); // document name
    const type = decoding.readVarUint(decoder);
    if (!CLIENT_MESSAGE_TYPES.has(type)) throw new Error(`Message type ${type} is not accepted from clients`);
    if (type === MessageType.Awareness) {
      let claims = this.claims.get(document);
      if (!claims) this.claims.set(document, (claims = new Map()));
      assertAwarenessAllowed(decoding.readVarUint8Array(decoder), context as CollabContext, document, connection, claims);
    }
  }
}

/**
 * Which connection each awareness client id arrived from. Hocuspocus records this per socket, but
 * only once an entry has been applied, and y-protocols never applies a first state with clock 0
 * (what a provider sends on connecting): so the ids a connection sent are also claimed here, or
 * another socket could take a silent newcomer's client id and put its own name on that caret.
 * Claims by connections that have left no longer count.
 */
function clientOwners(document: Document, claims: Map<number, Connection>): Map<number, Connection> {
  const live = new Set(document.getConnections());
  const owners = new Map<number, Connection>();
  for (const [id, connection] of claims) {
    if (live.has(connection)) owners.set(id, connection);
    else claims.delete(id);
  }
  for (const { clients, connection } of document.connections.values()) for (const id of clients) owners.set(id, connection);
  return owners;
}

/**
 * Providers relay the awareness states they have seen from others, so an update may carry other
 * people's entries. Those are harmless only when they change nothing (a clock no newer than the
 * server's); the sender's own entries must carry exactly the identity the server gave it.
 */
function assertAwarenessAllowed(payload: Uint8Array, context: CollabContext, document: Document, connection: Connection, claims: Map<number, Connection>): void {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  let owners: Map<number, Connection> | undefined;
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = JSON.parse(decoding.readVarString(decoder)) as { user?: { id?: string; name?: string; color?: string } } | null;
    owners ??= clientOwners(document, claims);
    const owner = owners.get(clientId);
    if (owner && owner !== connection) {
      const current = document.awareness.meta.get(clientId)?.clock ?? 0;
      if (clock > current) throw new Error("Awareness update for another connection's client");
      continue;
    }
    if (!owner) {
      claims.set(clientId, connection);
      owners.set(clientId, connection);
    }
    if (!state || state.user === undefined) continue;
    const { user } = context;
    if (state.user.id !== user.id || state.user.name !== user.name || state.user.color !== user.color) {
      throw new Error("Awareness identity does not match the connection");
    }
  }
}
