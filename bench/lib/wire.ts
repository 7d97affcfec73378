import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import {
  authFrame,
  AuthMessageType,
  awarenessFrame,
  MessageType,
  readFrame,
  SyncStep,
  syncStep1Frame,
  updateFrame,
} from "@/tests/helpers/wire";
import { nowMs } from "./timing";

/**
 * A minimal client of the Hocuspocus wire protocol, for load: it speaks just enough to
 * authenticate, sync, send updates and awareness, and notice what arrives, without a Y.Doc of its
 * own, so a hundred of them in the benchmark process cost little and measure the server rather
 * than themselves. Against the raw relay (`relay: true`) it skips the handshake.
 */

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
  /** Called for every acknowledgement (SyncStatus), with its arrival time; they come in the order the updates were sent. */
  onAcknowledged?: (receivedAt: number) => void;
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
    this.ws = new WebSocket(options.url.replace(/^http/, "ws") + (options.relay ? "/relay" : "/collab"), {
      headers: options.headers,
      perMessageDeflate: false,
    });
    this.ws.binaryType = "nodebuffer";
    this.synced = new Promise<number>((resolve, reject) => {
      this.ws.once("error", reject);
      this.ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      this.ws.once("close", (code, reason) => reject(new Error(`closed before sync: ${code} ${reason.toString()}`)));
      this.ws.once("open", () => {
        if (options.relay) return resolve(nowMs());
        const name = options.documentName;
        this.ws.send(authFrame(name));
        this.ws.send(syncStep1Frame(name));
      });
      this.ws.on("message", (data: Buffer) => this.receive(data, resolve, reject));
    });
    // A rejected `synced` nobody awaits must not crash the benchmark.
    this.synced.catch(() => undefined);
  }

  private receive(data: Buffer, synced: (at: number) => void, failed: (error: Error) => void): void {
    const receivedAt = nowMs();
    const { type, body: decoder } = readFrame(data);
    if (type === MessageType.Sync || type === MessageType.SyncReply) {
      const step = decoding.readVarUint(decoder);
      if (step === SyncStep.Step2) synced(receivedAt);
      else if (step === SyncStep.Update) {
        this.updatesReceived++;
        this.options.onUpdate?.(decoding.readVarUint8Array(decoder), receivedAt);
      }
    } else if (type === MessageType.Awareness) {
      this.awarenessReceived++;
    } else if (type === MessageType.SyncStatus) {
      if (decoding.readVarUint(decoder) === 1) {
        this.acknowledged++;
        this.options.onAcknowledged?.(receivedAt);
      }
      while (this.ackWaiters.length && this.ackWaiters[0].count <= this.acknowledged) this.ackWaiters.shift()!.resolve();
    } else if (type === MessageType.Auth) {
      if (decoding.readVarUint(decoder) === AuthMessageType.PermissionDenied)
        failed(new Error(`permission denied: ${decoding.readVarString(decoder)}`));
    }
  }

  /** Sends a Yjs update; frames may be prebuilt with `updateFrame` (tests/helpers/wire.ts) to keep encoding out of timings. */
  send(frame: Uint8Array): void {
    this.ws.send(frame);
  }

  sendUpdate(update: Uint8Array): void {
    this.ws.send(updateFrame(this.options.documentName, update));
  }

  /** Resolves once `count` updates in all have been acknowledged by the server. */
  acknowledgedAtLeast(count: number): Promise<void> {
    if (this.acknowledged >= count) return Promise.resolve();
    return new Promise((resolve) => this.ackWaiters.push({ count, resolve }));
  }

  /** Presence as the editor sends it: the server-assigned identity and a caret position. */
  sendAwareness(state: Record<string, unknown>): void {
    this.ws.send(awarenessFrame(this.options.documentName, this.clientId, ++this.awarenessClock, state));
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.terminate();
    });
  }
}
