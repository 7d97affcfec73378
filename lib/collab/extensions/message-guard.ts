import { MessageType, type beforeHandleMessagePayload, type Extension } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { updateIntegrityProblem } from "@/lib/yjs/update-integrity";
import type { CollabContext } from "../context";
import { SyncStep } from "../sync-step";

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
 * nobody can wear someone else's name or caret colour, and no update that would leave the page
 * unreadable once stored is applied (lib/yjs/update-integrity.ts). Throwing here makes Hocuspocus close
 * the offending connection before the message is applied (the collab server then closes its
 * socket too). The hook stays synchronous in effect (no awaits), so message order is kept.
 * Awareness entries for client ids the socket does not own never get here: they are filtered
 * out of the frame first (see ../awareness-filter.ts), so every entry left is the sender's own.
 */
export class MessageGuardExtension implements Extension {
  async beforeHandleMessage({ update, context }: beforeHandleMessagePayload): Promise<void> {
    const decoder = decoding.createDecoder(update);
    decoding.readVarString(decoder); // document name
    const type = decoding.readVarUint(decoder);
    if (!CLIENT_MESSAGE_TYPES.has(type)) throw new Error(`Message type ${type} is not accepted from clients`);
    if (type === MessageType.Awareness) assertOwnIdentity(decoding.readVarUint8Array(decoder), context as CollabContext);
    if (type === MessageType.Sync && decoding.readVarUint(decoder) !== SyncStep.Step1) {
      const problem = updateIntegrityProblem(decoding.readVarUint8Array(decoder));
      if (problem) throw new Error(`Update refused: ${problem}`);
    }
  }
}

/** A named awareness state must carry exactly the identity the server gave the connection. */
function assertOwnIdentity(payload: Uint8Array, context: CollabContext): void {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder); // client id
    decoding.readVarUint(decoder); // clock
    const state = JSON.parse(decoding.readVarString(decoder)) as { user?: { id?: string; name?: string; color?: string } } | null;
    if (!state || state.user === undefined) continue;
    const { user } = context;
    if (state.user.id !== user.id || state.user.name !== user.name || state.user.color !== user.color) {
      throw new Error("Awareness identity does not match the connection");
    }
  }
}
