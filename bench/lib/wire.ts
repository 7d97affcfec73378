import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import { nowMs } from "./timing";

/**
 * A minimal client of the Hocuspocus wire protocol, for load: it speaks just enough to
 * authenticate, sync, send updates and awareness, and notice what arrives, without a Y.Doc of its
 * own, so a hundred of them in the benchmark process cost little and measure the server rather
 * than themselves. Against the raw relay (`relay: true`) it skips the handshake.
 */

const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;
const SYNC_REPLY = 4;
const SYNC_STATUS = 8;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
const AUTH_TOKEN = 0;
const AUTH_PERMISSION_DENIED = 1;

function message(documentName: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A Hocuspocus sync "update" message carrying one Yjs update. */
export function updateMessage(documentName: string, update: Uint8Array): Uint8Array {
  return message(documentName, (e) => {
    encoding.writeVarUint(e, SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A key for an update's bytes, to recognise the same update when it comes back from the server. */
export function updateKey(update: Uint8Array): string {
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString("latin1");
}

export type WireClientOptions = {
  url: string;
  documentName: string;
  headers?: Record<string, string>;
  relay?: boolean;
  /** Called for every Yjs update that arrives (a sync "update" message), with its arrival time. */
  onUpdate?: (update: Uint8Array, receivedAt: number) => void;
};

export class WireClient {
  readonly ws: WebSocket;
  /** Resolves with the time (nowMs) the document was synced: SyncStep2 received (or the relay socket open). */
  readonly synced: Promise<number>;
  acknowledged = 0;
  awarenessReceived = 0;
  updatesReceived = 0;
  private awarenessClock = 0;
  private readonly clientId = Math.floor(Math.random() * 2 ** 31);
  private ackWaiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly options: WireClientOptions) {
    this.ws = new WebSocket(options.url.replace(/^http/, "ws") + (options.relay ? "/relay" : "/collab"), { headers: options.headers, perMessageDeflate: false });
    this.ws.binaryType = "nodebuffer";
    this.synced = new Promise<number>((resolve, reject) => {
      this.ws.once("error", reject);
      this.ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      this.ws.once("close", (code, reason) => reject(new Error(`closed before sync: ${code} ${reason.toString()}`)));
      this.ws.once("open", () => {
        if (options.relay) return resolve(nowMs());
        const name = options.documentName;
        this.ws.send(message(name, (e) => (encoding.writeVarUint(e, AUTH), encoding.writeVarUint(e, AUTH_TOKEN), encoding.writeVarString(e, ""))));
        // SyncStep1 with an empty state vector: "send me everything".
        this.ws.send(message(name, (e) => (encoding.writeVarUint(e, SYNC), encoding.writeVarUint(e, SYNC_STEP_1), encoding.writeVarUint8Array(e, new Uint8Array([0])))));
      });
      this.ws.on("message", (data: Buffer) => this.receive(data, resolve, reject));
    });
    // A rejected `synced` nobody awaits must not crash the benchmark.
    this.synced.catch(() => undefined);
  }

  private receive(data: Buffer, synced: (at: number) => void, failed: (error: Error) => void): void {
    const receivedAt = nowMs();
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === SYNC || type === SYNC_REPLY) {
      const step = decoding.readVarUint(decoder);
      if (step === SYNC_STEP_2) synced(receivedAt);
      else if (step === SYNC_UPDATE) {
        this.updatesReceived++;
        this.options.onUpdate?.(decoding.readVarUint8Array(decoder), receivedAt);
      }
    } else if (type === AWARENESS) {
      this.awarenessReceived++;
    } else if (type === SYNC_STATUS) {
      if (decoding.readVarUint(decoder) === 1) this.acknowledged++;
      while (this.ackWaiters.length && this.ackWaiters[0].count <= this.acknowledged) this.ackWaiters.shift()!.resolve();
    } else if (type === AUTH) {
      if (decoding.readVarUint(decoder) === AUTH_PERMISSION_DENIED) failed(new Error(`permission denied: ${decoding.readVarString(decoder)}`));
    }
  }

  /** Sends a Yjs update; frames may be prebuilt with `updateMessage` to keep encoding out of timings. */
  send(frame: Uint8Array): void {
    this.ws.send(frame);
  }

  sendUpdate(update: Uint8Array): void {
    this.ws.send(updateMessage(this.options.documentName, update));
  }

  /** Resolves once `count` updates in all have been acknowledged by the server. */
  acknowledgedAtLeast(count: number): Promise<void> {
    if (this.acknowledged >= count) return Promise.resolve();
    return new Promise((resolve) => this.ackWaiters.push({ count, resolve }));
  }

  /** Presence as the editor sends it: the server-assigned identity and a caret position. */
  sendAwareness(state: Record<string, unknown>): void {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, this.clientId);
    encoding.writeVarUint(update, ++this.awarenessClock);
    encoding.writeVarString(update, JSON.stringify(state));
    this.ws.send(message(this.options.documentName, (e) => (encoding.writeVarUint(e, AWARENESS), encoding.writeVarUint8Array(e, encoding.toUint8Array(update)))));
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.terminate();
    });
  }
}
