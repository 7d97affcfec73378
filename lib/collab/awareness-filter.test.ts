import { EventEmitter } from "node:events";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { awarenessFrame, awarenessFrameOf } from "@/tests/helpers/wire";
import { filterAwarenessFrames } from "./awareness-filter";

/** Just what the filter touches of a ws socket: emit/once and readyState. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  delivered: Uint8Array[] = [];
  constructor() {
    super();
    this.on("message", (data: Uint8Array) => this.delivered.push(data));
  }
  receive(frame: Uint8Array) {
    this.emit("message", frame, true);
  }
  close() {
    this.readyState = 3;
    this.emit("close");
  }
}

const ada = { id: "u-ada", name: "Ada", color: "#111111" };
const ben = { id: "u-ben", name: "Ben", color: "#222222" };
let documentCounter = 0;

function socketFor(user: typeof ada): FakeSocket {
  const socket = new FakeSocket();
  filterAwarenessFrames(socket as unknown as WebSocket, user);
  return socket;
}

/** The client ids an awareness frame delivered to Hocuspocus still carries. */
function clientIds(frame: Uint8Array): number[] {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarString(decoder);
  decoding.readVarUint(decoder);
  const entries = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const ids: number[] = [];
  for (let i = decoding.readVarUint(entries); i > 0; i--) {
    ids.push(decoding.readVarUint(entries));
    decoding.readVarUint(entries);
    decoding.readVarString(entries);
  }
  return ids;
}

describe("filterAwarenessFrames", () => {
  it("lets a socket claim its own client id and keep speaking for it, removal included", () => {
    const doc = `page.filter-${documentCounter++}`;
    const socket = socketFor(ada);
    socket.receive(awarenessFrame(doc, 7, 1, {}));
    socket.receive(awarenessFrame(doc, 7, 2, { user: ada }));
    socket.receive(awarenessFrame(doc, 7, 3, null));
    expect(socket.delivered.map(clientIds)).toEqual([[7], [7], [7]]);
  });

  it("drops what another user's socket says for a claimed client id, without closing anything", () => {
    const doc = `page.filter-${documentCounter++}`;
    const owner = socketFor(ada);
    const relayer = socketFor(ben);
    owner.receive(awarenessFrame(doc, 7, 1, { user: ada }));
    relayer.receive(awarenessFrame(doc, 7, 99, { user: ada }));
    relayer.receive(awarenessFrame(doc, 7, 100, null));
    expect(relayer.delivered).toEqual([]);
    expect(relayer.readyState).toBe(1);
  });

  it("drops relayed removals and other people's states for ids nobody has claimed yet", () => {
    const doc = `page.filter-${documentCounter++}`;
    const relayer = socketFor(ben);
    relayer.receive(awarenessFrame(doc, 8, 5, null));
    relayer.receive(awarenessFrame(doc, 9, 5, { user: ada }));
    expect(relayer.delivered).toEqual([]);
    // Not claimed by the relay: Ada's own socket may take id 9 afterwards.
    const owner = socketFor(ada);
    owner.receive(awarenessFrame(doc, 9, 6, { user: ada }));
    expect(owner.delivered.map(clientIds)).toEqual([[9]]);
  });

  it("keeps only the sender's own entries of a mixed frame, and passes other message types untouched", () => {
    const doc = `page.filter-${documentCounter++}`;
    const ownerOfTen = socketFor(ada);
    ownerOfTen.receive(awarenessFrame(doc, 10, 1, { user: ada }));
    const sender = socketFor(ben);
    // The sender's own entry (11) and a relay of Ada's (10), in one frame.
    sender.receive(
      awarenessFrameOf(doc, [
        [11, 1, { user: ben }],
        [10, 4, { user: ada }],
      ]),
    );
    expect(sender.delivered.map(clientIds)).toEqual([[11]]);
    const syncFrame = syncStep1Frame(doc);
    sender.receive(syncFrame);
    expect(sender.delivered.at(-1)).toBe(syncFrame);
  });

  it("frees a socket's ids when it closes, and lets the same user's new socket take over before that", () => {
    const doc = `page.filter-${documentCounter++}`;
    const first = socketFor(ada);
    first.receive(awarenessFrame(doc, 12, 1, { user: ada }));
    const reconnected = socketFor(ada);
    reconnected.receive(awarenessFrame(doc, 12, 2, { user: ada }));
    expect(reconnected.delivered.map(clientIds)).toEqual([[12]]);
    reconnected.close();
    const stranger = socketFor(ben);
    stranger.receive(awarenessFrame(doc, 12, 3, { user: ben }));
    expect(stranger.delivered.map(clientIds)).toEqual([[12]]);
  });
});

/** A sync step 1 frame (anything that is not awareness). */
function syncStep1Frame(doc: string): Uint8Array {
  const frame = encoding.createEncoder();
  encoding.writeVarString(frame, doc);
  encoding.writeVarUint(frame, 0); // sync
  encoding.writeVarUint(frame, 0); // step 1
  encoding.writeVarUint8Array(frame, Uint8Array.of(0));
  return encoding.toUint8Array(frame);
}
