import { WebSocket } from "ws";
import { assertFunction, assertInstalledVersion } from "./installed-version";

/**
 * Every use Opinio makes of `ws` beyond its public API, in one place: reading the TCP socket under
 * a WebSocket, and rewriting a socket's incoming messages before its listeners see them. Neither
 * replaces anything global; applyPatches() (./index.ts) checks the version and the members at
 * start-up, and the contract test beside this file fails if an upgrade changes what they rely on.
 */
export const WS_VERSION = "8.23.0";

/** Checks the installed version, and the members the helpers below rely on. */
export function assertWsPatchable(): void {
  assertInstalledVersion("ws", WS_VERSION, "lib/patches/ws.ts");
  // `_socket` only exists on a connected socket; setSocket is what attaches it there.
  assertFunction(WebSocket.prototype, "setSocket", "ws WebSocket.prototype.setSocket (which keeps the TCP socket as `_socket`)");
  assertFunction(WebSocket.prototype, "emit", "ws WebSocket.prototype.emit");
}

// --- Patch 1: cork the TCP socket under several sends ------------------------------------------
//
// Why: the group commit releases each socket's held messages together (lib/collab/group-commit.ts);
// corked, they leave in one write (one writev syscall) rather than one per message, and those
// syscalls were the largest single cost of ingest (bench: ingest). ws has no public cork, and
// keeps the net.Socket as the private `_socket` (null before it is attached and after it closed).
// What: corks every socket's `_socket` while `work` runs, then uncorks them. A socket without a
// corkable `_socket` is skipped: its messages are still sent, one write each.
// Delete when: ws exposes cork/uncork (or batches sends itself), or Hocuspocus sends through an
// API that does.

type CorkableSocket = { cork(): void; uncork(): void };

/** The TCP socket under a WebSocket, if it is still there and can be corked. */
export function underlyingSocket(webSocket: WebSocket): CorkableSocket | null {
  const socket = (webSocket as unknown as { _socket?: Partial<CorkableSocket> | null })._socket;
  return socket && typeof socket.cork === "function" && typeof socket.uncork === "function" ? (socket as CorkableSocket) : null;
}

/** Runs `work` with the TCP sockets under `webSockets` corked, so what it sends leaves in one write per socket. */
export function withCorkedSockets(webSockets: Iterable<WebSocket>, work: () => void): void {
  const corked = new Set<CorkableSocket>();
  for (const webSocket of webSockets) {
    const socket = underlyingSocket(webSocket);
    if (socket && !corked.has(socket)) {
      socket.cork();
      corked.add(socket);
    }
  }
  try {
    work();
  } finally {
    for (const socket of corked) socket.uncork();
  }
}

// --- Patch 2: rewrite a socket's incoming messages --------------------------------------------
//
// Why: the awareness filter (lib/collab/awareness-filter.ts) must drop entries from a frame
// before Hocuspocus reads it; Hocuspocus's hooks can only accept a whole message or close the
// connection, and Hocuspocus listens to the socket's "message" event itself.
// What: replaces this one socket's `emit` so that a binary "message" event carries
// `rewrite(data)` instead, or is not emitted at all when `rewrite` answers null. Other events,
// and text messages, are emitted unchanged.
// Delete when: Hocuspocus offers a hook that may rewrite or drop an incoming message (or checks
// awareness ownership itself), so the filter can move there.

/** Makes `socket` emit `rewrite(data)` for each binary message, or nothing when it answers null. */
export function rewriteIncomingMessages(socket: WebSocket, rewrite: (data: Uint8Array) => Uint8Array | null): void {
  assertFunction(socket, "emit", "a ws WebSocket's emit");
  const emit = socket.emit.bind(socket);
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event !== "message" || !(args[0] instanceof Uint8Array)) return emit(event, ...args);
    const rewritten = rewrite(args[0]);
    if (!rewritten) return false;
    return emit(event, rewritten, ...args.slice(1));
  }) as typeof socket.emit;
}
