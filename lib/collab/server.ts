import { Hocuspocus } from "@hocuspocus/server";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { config } from "@/lib/env";
import { jsonFromYDoc } from "@/lib/editor/document";
import { replaceDocumentContent } from "@/lib/editor/replace-content";
import { logger } from "@/lib/logger";
import type { CollabControl } from "@/lib/server/registry";
import { applyPatches } from "@/lib/patches";
import { filterAwarenessFrames } from "./awareness-filter";
import { noteDecidedSuggestions } from "./decided-suggestions";
import { flushUpdateLog } from "./group-commit";
import type { CollabContext } from "./context";
import { pageDocumentName } from "./document-name";
import { AuthorizationExtension } from "./extensions/authorization";
import { MessageGuardExtension } from "./extensions/message-guard";
import { PersistenceExtension } from "./extensions/persistence";
import { SuggestionGuardExtension } from "./extensions/suggestion-guard";
import { authenticateUpgrade } from "./upgrade";

export const COLLAB_PATH = "/collab";

export type CollabServer = CollabControl & {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  /** Compacts every open page, records its pending version and closes all sockets. */
  shutdown(): Promise<void>;
};

function refuse(socket: Duplex, status: number, reason: string): void {
  const text = status === 401 ? "Unauthorized" : status === 429 ? "Too Many Requests" : "Forbidden";
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

/** The Hocuspocus instance behind /collab, fed by our own WebSocket server on the app's port. */
export function createCollabServer(): CollabServer {
  // Hocuspocus's fan-out, close and send are patched (lib/patches/hocuspocus.ts); a no-op after start-up.
  applyPatches();
  const persistence = new PersistenceExtension();
  const hocuspocus = new Hocuspocus({
    quiet: true,
    // Compaction is scheduled by PersistenceExtension; this only keeps Hocuspocus's own store
    // debounce from firing while people type.
    debounce: 60_000,
    maxDebounce: 120_000,
    // The guards judge a message before Hocuspocus applies it; persistence stores what was applied.
    extensions: [new AuthorizationExtension(), new MessageGuardExtension(), new SuggestionGuardExtension(), persistence],
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxCollabPayloadBytes });
  const openSockets = new Map<string, number>();

  // Hocuspocus's own ping only detaches documents; a dead peer's socket would linger. Terminate
  // sockets that did not answer the previous ping.
  const alive = new WeakMap<object, boolean>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, config.collabHeartbeatMs);
  heartbeat.unref();

  // A client that stops reading (a stalled tab, a hostile peer) would make the server buffer every
  // broadcast for it without end. Past MAX_SOCKET_BUFFER_BYTES of unsent data it is cut off; a real
  // client reconnects and catches up through a normal sync.
  const slowConsumers = setInterval(() => {
    for (const ws of wss.clients) {
      if (ws.bufferedAmount <= config.maxSocketBufferBytes) continue;
      logger.warn({ buffered: ws.bufferedAmount }, "closing a collab socket that does not read its messages");
      ws.terminate();
    }
  }, 1_000);
  slowConsumers.unref();

  /**
   * Closing a Hocuspocus Connection only detaches it from the document; the socket stays open and
   * the provider would sit there. Closing the socket too makes the client reconnect and be
   * authorized afresh (read-only after a downgrade, refused after removal).
   */
  function closeWhere(matches: (context: CollabContext, documentName: string) => boolean, reason: string) {
    for (const [name, document] of hocuspocus.documents) {
      for (const connection of document.getConnections()) {
        if (!matches(connection.context as CollabContext, name)) continue;
        connection.close({ code: 4403, reason });
        connection.webSocket.close(4403, reason);
      }
    }
  }

  return {
    async handleUpgrade(req, socket, head) {
      socket.on("error", () => socket.destroy());
      let verdict;
      try {
        verdict = await authenticateUpgrade(req);
      } catch (error) {
        logger.error({ err: error }, "collab upgrade authentication failed");
        return refuse(socket, 403, "Authentication failed");
      }
      if (!verdict.ok) return refuse(socket, verdict.status, verdict.reason);
      const user = verdict.user;
      const count = openSockets.get(user.id) ?? 0;
      if (count >= config.maxConnectionsPerUser) return refuse(socket, 429, "Too many open connections");
      wss.handleUpgrade(req, socket, head, (ws) => {
        // ws without an 'error' listener would crash the process on a malformed frame.
        ws.on("error", (error) => logger.warn({ err: error }, "collab socket error"));
        alive.set(ws, true);
        ws.on("pong", () => alive.set(ws, true));
        openSockets.set(user.id, (openSockets.get(user.id) ?? 0) + 1);
        ws.on("close", () => {
          const left = (openSockets.get(user.id) ?? 1) - 1;
          if (left <= 0) openSockets.delete(user.id);
          else openSockets.set(user.id, left);
        });
        filterAwarenessFrames(ws, user);
        const context: CollabContext = { user };
        hocuspocus.handleConnection(ws, req, context);
      });
    },
    closeUserConnections(userId, wikiId) {
      closeWhere((context) => context?.user?.id === userId && context.wikiId === wikiId, "Access changed");
    },
    closePageConnections(pageId) {
      const name = pageDocumentName(pageId);
      closeWhere((_context, documentName) => documentName === name, "Page moved to trash");
    },
    broadcastToPage(pageId, message) {
      hocuspocus.documents.get(pageDocumentName(pageId))?.broadcastStateless(JSON.stringify(message));
    },
    broadcastToWiki(wikiId, message) {
      const payload = JSON.stringify(message);
      for (const document of hocuspocus.documents.values()) {
        // Every connection to a page carries the page's wiki (set when it was authorized).
        if (document.getConnections().some((connection) => (connection.context as CollabContext)?.wikiId === wikiId))
          document.broadcastStateless(payload);
      }
    },
    async replaceDocument(pageId, userId, json) {
      const connection = await hocuspocus.openDirectConnection(pageDocumentName(pageId), { user: { id: userId } });
      let stored: Promise<boolean> = Promise.resolve(true);
      try {
        await connection.transact((doc) => {
          // The origin carries the author, as a client connection's would (see PersistenceExtension).
          const origin = { context: { user: { id: userId } } };
          doc.transact(() => replaceDocumentContent(doc, json), origin);
          // Written now, in the same turn as the change: callers read the stored page next (a
          // restore records a version of it), and a failed write must reach them, which the
          // group commit scheduled for later would only tell the page's sockets.
          stored = flushUpdateLog();
        });
        return await stored;
      } finally {
        await connection.disconnect();
      }
    },
    async changeDocument(pageId, userId, change) {
      const connection = await hocuspocus.openDirectConnection(pageDocumentName(pageId), { user: { id: userId } });
      let stored: Promise<boolean> = Promise.resolve(true);
      try {
        await connection.transact((doc) => {
          // Read and written in one synchronous step: no client update lands in between, so a
          // decision never undoes an edit it did not see.
          const current = jsonFromYDoc(doc);
          const next = change(current);
          if (!next) return;
          const origin = { context: { user: { id: userId } } };
          doc.transact(() => replaceDocumentContent(doc, next), origin);
          noteDecidedSuggestions(doc, current, next);
          stored = flushUpdateLog();
        });
        return await stored;
      } finally {
        await connection.disconnect();
      }
    },
    async shutdown() {
      clearInterval(heartbeat);
      clearInterval(slowConsumers);
      await persistence.flushAll(hocuspocus.documents);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
