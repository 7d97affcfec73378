import * as decoding from "lib0/decoding";
import type { WebSocket } from "ws";
import type { CollabUser } from "@/lib/collab/context";
import { pageIdFromDocumentName } from "@/lib/collab/document-name";
import { RelaySocket, type FrameRelay, type TunnelHello } from "./frame-relay";
import type { PageOwnership } from "./page-ownership";

/**
 * Where a collab socket is served when several instances share the wikis (issue 20): on the
 * instance that owns its page, which this one becomes if nobody does; otherwise its frames go
 * through the relay to the owner, and the owner's replies come back the same way.
 *
 * A socket serves one page. Its name comes from the URL (`/collab/page.{id}`, which also lets a
 * load balancer route by page) or, on a bare `/collab`, from the first frame the browser sends
 * (every Hocuspocus frame starts with its document's name). Frames that arrive while the owner
 * is being found are kept and handed on in order: the provider's first messages are its sync
 * step 1 and awareness, and losing them would leave it waiting.
 */

/** Close codes for sockets this routing ends; the provider reconnects after each. */
export const ROUTING_CLOSE = {
  /** The page's owner changed (a lease lost or taken over): reconnect to be routed afresh. */
  moved: { code: 1012, reason: "Page moved to another instance" },
  /** A frame for another document than the socket's page. */
  oneDocument: { code: 4400, reason: "One page per connection" },
  unknownDocument: { code: 4404, reason: "Unknown document" },
  unavailable: { code: 1013, reason: "Could not find the page's owner" },
} as const;

/** Serves a socket on this instance (Hocuspocus's handleConnection with the user's context). */
export type ServeHere = (socket: WebSocket, user: CollabUser) => void;

/** What the forwarding instance tells the owner: the page, and whom it authenticated. */
type Hello = TunnelHello & { documentName: string; user: CollabUser };

export function documentNameFromPath(pathname: string, collabPath: string): string | null {
  if (!pathname.startsWith(`${collabPath}/`)) return null;
  try {
    return decodeURIComponent(pathname.slice(collabPath.length + 1)) || null;
  } catch {
    return null;
  }
}

function documentNameOf(frame: Uint8Array): string | null {
  try {
    return decoding.readVarString(decoding.createDecoder(frame));
  } catch {
    return null;
  }
}

const RELAY_OPEN = RelaySocket.OPEN;

/** ws accepts only these codes from an application; a relay may report others (1006). */
const sendable = (code: number) => code === 1000 || (code >= 3000 && code <= 4999) || [1001, 1008, 1011, 1012, 1013].includes(code);

export type CollabRouter = {
  /** Routes a browser's socket; `documentName` from the URL, or null to read it from the first frame. */
  route(socket: WebSocket, user: CollabUser, documentName: string | null): void;
  /** The owner's side of a forwarded connection (the relay's onTunnel). */
  accept(socket: RelaySocket, hello: TunnelHello): void;
};

export function createCollabRouter(options: {
  ownership: PageOwnership;
  relay: () => FrameRelay;
  serveHere: ServeHere;
  onError?: (error: unknown) => void;
}): CollabRouter {
  const { ownership, serveHere } = options;

  /** Keeps the socket's frames from now until `release` hands them to whoever listens next. */
  function holdFrames(socket: WebSocket) {
    const held: [Buffer, boolean][] = [];
    const keep = (data: Buffer, isBinary: boolean) => held.push([data, isBinary]);
    socket.on("message", keep);
    return {
      first: () => held[0]?.[0] ?? null,
      onFirst(listener: () => void) {
        if (held.length > 0) return listener();
        socket.once("message", listener);
      },
      release() {
        socket.off("message", keep);
        for (const [data, isBinary] of held) socket.emit("message", data, isBinary);
      },
    };
  }

  async function decide(socket: WebSocket, user: CollabUser, documentName: string, frames: ReturnType<typeof holdFrames>) {
    const pageId = pageIdFromDocumentName(documentName);
    if (!pageId) return socket.close(ROUTING_CLOSE.unknownDocument.code, ROUTING_CLOSE.unknownDocument.reason);
    let claim;
    try {
      claim = await ownership.claim(pageId);
    } catch (error) {
      options.onError?.(error);
      return socket.close(ROUTING_CLOSE.unavailable.code, ROUTING_CLOSE.unavailable.reason);
    }
    if (socket.readyState !== socket.OPEN) return;
    keepToOneDocument(socket, documentName);
    if (claim.owned) {
      serveHere(socket, user);
      frames.release();
      return;
    }
    forward(socket, user, documentName, claim.heldBy);
    frames.release();
  }

  function keepToOneDocument(socket: WebSocket | RelaySocket, documentName: string) {
    socket.on("message", (data: Buffer) => {
      if (documentNameOf(data) !== documentName) socket.close(ROUTING_CLOSE.oneDocument.code, ROUTING_CLOSE.oneDocument.reason);
    });
  }

  function forward(socket: WebSocket, user: CollabUser, documentName: string, owner: string) {
    const hello: Hello = { documentName, user };
    const tunnel = options.relay().openTunnel(owner, hello);
    socket.on("message", (data: Buffer) => tunnel.send(data));
    tunnel.on("message", (data: Buffer) => {
      if (socket.readyState === socket.OPEN) socket.send(data);
    });
    socket.on("close", (code: number, reason: Buffer) => tunnel.close(sendable(code) ? code : 1000, reason.toString()));
    tunnel.on("close", (code: number, reason: Buffer) => {
      const why = sendable(code) ? { code, reason: reason.toString() } : ROUTING_CLOSE.moved;
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(why.code, why.reason);
    });
  }

  return {
    route(socket, user, documentName) {
      const frames = holdFrames(socket);
      if (documentName) {
        void decide(socket, user, documentName, frames);
        return;
      }
      frames.onFirst(() => {
        const name = documentNameOf(frames.first()!);
        if (!name) return socket.close(ROUTING_CLOSE.unknownDocument.code, ROUTING_CLOSE.unknownDocument.reason);
        void decide(socket, user, name, frames);
      });
    },
    accept(socket, hello) {
      const { documentName, user } = hello as Partial<Hello>;
      const pageId = typeof documentName === "string" ? pageIdFromDocumentName(documentName) : null;
      if (!pageId || !user || typeof user.id !== "string") {
        socket.close(ROUTING_CLOSE.unknownDocument.code, ROUTING_CLOSE.unknownDocument.reason);
        return;
      }
      // Frames may follow the hello at once; keep them while the lease is checked.
      const frames = holdFrames(socket as unknown as WebSocket);
      ownership.claim(pageId).then(
        (claim) => {
          // Taken over since the forwarder looked: the browser reconnects and is routed afresh.
          if (!claim.owned) return socket.close(ROUTING_CLOSE.moved.code, ROUTING_CLOSE.moved.reason);
          if (socket.readyState !== RELAY_OPEN) return;
          keepToOneDocument(socket, documentName!);
          serveHere(socket as unknown as WebSocket, { id: user.id, name: String(user.name ?? ""), color: String(user.color ?? "") });
          frames.release();
        },
        (error) => {
          options.onError?.(error);
          socket.close(ROUTING_CLOSE.unavailable.code, ROUTING_CLOSE.unavailable.reason);
        },
      );
    },
  };
}
