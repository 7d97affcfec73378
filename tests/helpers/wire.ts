import { AuthMessageType } from "@hocuspocus/common";
import { MessageType } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { SyncStep } from "@/lib/collab/sync-step";

/**
 * Hocuspocus wire frames, built and read by hand for the tests that speak the protocol directly
 * (a hostile or minimal client) and for bench/lib/wire.ts. Every frame is the document name, the
 * message type (Hocuspocus's own MessageType), then that type's body.
 */
export { AuthMessageType, MessageType, SyncStep };

/** A frame for `documentName` of message type `type`, its body written by `write`. */
export function frame(documentName: string, type: number, write: (encoder: encoding.Encoder) => void = () => undefined): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Auth with a token (the server authenticates the upgrade's cookie or header; the token may be empty). */
export function authFrame(documentName: string, token = ""): Uint8Array {
  return frame(documentName, MessageType.Auth, (e) => {
    encoding.writeVarUint(e, AuthMessageType.Token);
    encoding.writeVarString(e, token);
  });
}

/** A Sync message of the given step carrying `payload` (a state vector for Step1, an update otherwise). */
export function syncFrame(documentName: string, step: number, payload: Uint8Array): Uint8Array {
  return frame(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** SyncStep1 with an empty state vector: "send me everything". */
export function syncStep1Frame(documentName: string): Uint8Array {
  return syncFrame(documentName, SyncStep.Step1, new Uint8Array([0]));
}

/** A Sync "update" message carrying one Yjs update. */
export function updateFrame(documentName: string, update: Uint8Array): Uint8Array {
  return syncFrame(documentName, SyncStep.Update, update);
}

/** A stateless message (MessageType.Stateless or BroadcastStateless) carrying `payload`. */
export function statelessFrame(
  documentName: string,
  type: MessageType.Stateless | MessageType.BroadcastStateless,
  payload: string,
): Uint8Array {
  return frame(documentName, type, (e) => encoding.writeVarString(e, payload));
}

/** An awareness frame carrying several entries, as a provider relaying others' states sends. */
export function awarenessFrameOf(documentName: string, entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  const payload = encoding.createEncoder();
  encoding.writeVarUint(payload, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(payload, clientId);
    encoding.writeVarUint(payload, clock);
    encoding.writeVarString(payload, JSON.stringify(state));
  }
  return frame(documentName, MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(payload)));
}

/** An awareness frame for one client id carrying `state`, encoded as a provider would. */
export function awarenessFrame(documentName: string, clientId: number, clock: number, state: unknown): Uint8Array {
  return awarenessFrameOf(documentName, [[clientId, clock, state]]);
}

/** A frame's document name and message type, with a decoder positioned at its body. Throws on a truncated frame. */
export function readFrame(bytes: Uint8Array): { documentName: string; type: number; body: decoding.Decoder } {
  const body = decoding.createDecoder(bytes);
  const documentName = decoding.readVarString(body);
  const type = decoding.readVarUint(body);
  return { documentName, type, body };
}

/** Names a frame for a trace: its message type, and the sync step or status it carries. */
export function describeFrame(bytes: Uint8Array): string {
  try {
    const { type, body } = readFrame(bytes);
    const name = MessageType[type] ?? `type-${type}`;
    if (type === MessageType.Sync || type === MessageType.SyncReply) {
      const step = decoding.readVarUint(body);
      return `${name}:${Object.keys(SyncStep).find((key) => SyncStep[key as keyof typeof SyncStep] === step) ?? step}`;
    }
    if (type === MessageType.SyncStatus || type === MessageType.Auth) return `${name}:${decoding.readVarUint(body)}`;
    return name;
  } catch {
    return `unreadable (${bytes.length} bytes)`;
  }
}
