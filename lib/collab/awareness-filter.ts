import { MessageType } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { WebSocket } from "ws";
import { rewriteIncomingMessages } from "@/lib/patches/ws";
import type { CollabUser } from "./context";

type Entry = { clientId: number; clock: number; json: string; state: { user?: Partial<CollabUser> } | null };
type Owner = { socket: WebSocket; userId: string };

/** Which socket speaks for each awareness client id, per document. */
const owners = new Map<string, Map<number, Owner>>();

/**
 * Every provider relays the awareness entries it hears to the server: other people's states,
 * and, after its socket dropped, "removed" entries for everyone it saw. Those relays carry
 * nothing the server does not know better from the owners themselves, and after a restart they
 * race the owners' own (newer) entries. Hocuspocus's hooks can only accept a message or close the
 * connection, and closing an honest client for relaying (as we used to) left its socket open
 * with a detached document: its next edits were never applied nor acknowledged.
 *
 * So awareness frames are filtered before Hocuspocus reads them (through lib/patches/ws.ts): a
 * socket's frame keeps only the entries for client ids it owns, or claims now. A client id is
 * claimed by the first socket that sends a state for it with no name or with its own user's
 * identity (the provider's first message on connecting is its own state), and released when that
 * socket closes; the same user's new socket may take over (a reconnecting tab whose old socket
 * the server has not yet noticed is gone). Dropped: relayed states and removals of others, and attempts to speak for someone
 * else's client id. A frame left with no entries is not delivered at all. An own entry carrying a
 * foreign name is kept, and MessageGuardExtension closes the connection for it.
 */
export function filterAwarenessFrames(socket: WebSocket, user: CollabUser): void {
  rewriteIncomingMessages(socket, (frame) => filterFrame(frame, socket, user));
  socket.once("close", () => releaseClaims(socket));
}

function filterFrame(frame: Uint8Array, socket: WebSocket, user: CollabUser): Uint8Array | null {
  let documentName: string;
  let entries: Entry[];
  try {
    const decoder = decoding.createDecoder(frame);
    documentName = decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.Awareness) return frame;
    entries = readEntries(decoding.readVarUint8Array(decoder));
  } catch {
    // Malformed: Hocuspocus refuses it (and closes the connection) on its own.
    return frame;
  }
  let claims = owners.get(documentName);
  if (!claims) owners.set(documentName, (claims = new Map()));
  const kept = entries.filter((entry) => mayCarry(entry, claims, socket, user));
  if (kept.length === entries.length) return frame;
  if (kept.length === 0) return null;
  const payload = encoding.createEncoder();
  encoding.writeVarUint(payload, kept.length);
  for (const { clientId, clock, json } of kept) {
    encoding.writeVarUint(payload, clientId);
    encoding.writeVarUint(payload, clock);
    encoding.writeVarString(payload, json);
  }
  const out = encoding.createEncoder();
  encoding.writeVarString(out, documentName);
  encoding.writeVarUint(out, MessageType.Awareness);
  encoding.writeVarUint8Array(out, encoding.toUint8Array(payload));
  return encoding.toUint8Array(out);
}

function readEntries(payload: Uint8Array): Entry[] {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    entries.push({ clientId, clock, json, state: JSON.parse(json) });
  }
  return entries;
}

function mayCarry(entry: Entry, claims: Map<number, Owner>, socket: WebSocket, user: CollabUser): boolean {
  const owner = claims.get(entry.clientId);
  const ownerLive = owner && owner.socket.readyState === owner.socket.OPEN;
  if (owner && ownerLive && owner.socket === socket) return true;
  if (owner && ownerLive && owner.userId !== user.id) return false;
  // Unclaimed (or the same user's earlier socket): a removal claims nothing; a state claims the
  // id if it is nameless or in the sender's own name.
  const name = entry.state?.user;
  if (!entry.state || (name !== undefined && name?.id !== user.id)) return false;
  claims.set(entry.clientId, { socket, userId: user.id });
  return true;
}

function releaseClaims(socket: WebSocket): void {
  for (const [documentName, claims] of owners) {
    for (const [clientId, owner] of claims) if (owner.socket === socket) claims.delete(clientId);
    if (claims.size === 0) owners.delete(documentName);
  }
}
