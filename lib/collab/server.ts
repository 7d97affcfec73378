import { Hocuspocus } from "@hocuspocus/server";
import type { JSONContent } from "@tiptap/core";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { config } from "@/lib/env";
import { jsonFromYDoc } from "@/lib/editor/document";
import { replaceDocumentContent } from "@/lib/editor/replace-content";
import { actorId } from "@/lib/audit/record";
import { logger } from "@/lib/logger";
import { failpoint } from "@/lib/server/failpoints";
import type { CollabControl } from "@/lib/server/registry";
import { applyPatches } from "@/lib/patches";
import { filterAwarenessFrames } from "./awareness-filter";
import { noteDecidedSuggestions } from "./decided-suggestions";
import { decideOnBody, type SuggestionDecisionRecord, type SuggestionDecisionRequest } from "@/lib/suggestions/decide";
import type { SuggestionSummary } from "@/lib/suggestions/view";
import { flushUpdateLog } from "./group-commit";
import type { CollabContext } from "./context";
import { pageDocumentName, pageIdFromDocumentName } from "./document-name";
import { AuthorizationExtension } from "./extensions/authorization";
import { MessageGuardExtension } from "./extensions/message-guard";
import { PersistenceExtension } from "./extensions/persistence";
import { SuggestionGuardExtension } from "./extensions/suggestion-guard";
import { authenticateUpgrade } from "./upgrade";
import type { PgExecutor } from "@/db/postgres/client";
import { createCollabRouter, documentNameFromPath, ROUTING_CLOSE, type CollabRouter } from "@/lib/scale/collab-routing";
import { createControlBus, type ControlBus, type ControlMessage } from "@/lib/scale/control-bus";
import { createFrameRelay, type FrameRelay } from "@/lib/scale/frame-relay";
import { createOwnerCalls } from "@/lib/scale/owner-calls";
import { createPageOwnership, type PageOwnership } from "@/lib/scale/page-ownership";
import { staleConnections } from "@/lib/scale/recheck-connections";
import type { CollabUser } from "./context";

export const COLLAB_PATH = "/collab";

/** What Hocuspocus is given as the upgrade request of a forwarded socket: it reads only url and headers. */
const FORWARDED_REQUEST = { url: COLLAB_PATH, headers: {} } as IncomingMessage;

export type CollabServer = CollabControl & {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  /** Resolves once the server can take sockets (with several instances: listens on the relay). */
  ready: Promise<void>;
  /** Compacts every open page, records its pending version and closes all sockets. */
  shutdown(): Promise<void>;
};

function refuse(socket: Duplex, status: number, reason: string): void {
  const text = status === 401 ? "Unauthorized" : status === 404 ? "Not Found" : status === 429 ? "Too Many Requests" : "Forbidden";
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

/**
 * Several instances behind one load balancer (issue 20, PostgreSQL + Redis): each page is served
 * by the instance holding its lease, the others forward its sockets there over Redis.
 */
export type ScaleOut = { instanceId: string; redisUrl: string; db: PgExecutor; leaseTtlMs?: number };

/** The Hocuspocus instance behind /collab, fed by our own WebSocket server on the app's port. */
export type CollabServerOptions = {
  scaleOut?: ScaleOut;
  /**
   * Records suggestion decisions this instance made on a page's body (lib/commands/suggestions.ts,
   * passed in by lib/server/main.ts: the collab layer does not reach into commands).
   */
  recordDecisions?(pageId: string, made: SuggestionDecisionRecord, decided: SuggestionSummary[]): Promise<void>;
};

export function createCollabServer(options: CollabServerOptions = {}): CollabServer {
  // Hocuspocus's fan-out, close and send are patched (lib/patches/hocuspocus.ts); a no-op after start-up.
  applyPatches();
  const { scaleOut } = options;
  const ownership: PageOwnership | undefined =
    scaleOut &&
    createPageOwnership({
      db: scaleOut.db,
      instanceId: scaleOut.instanceId,
      ttlMs: scaleOut.leaseTtlMs,
      // The page's sockets leave, reconnect and are routed to its new owner.
      onLost: (pageIds) => {
        const names = new Set(pageIds.map(pageDocumentName));
        closeWhere((_context, documentName) => names.has(documentName), ROUTING_CLOSE.moved.reason, ROUTING_CLOSE.moved.code);
      },
      onError: (error) => logger.warn({ err: error }, "could not renew page leases"),
    });
  const persistence = new PersistenceExtension(ownership);
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
  function closeWhere(matches: (context: CollabContext, documentName: string) => boolean, reason: string, code = 4403) {
    for (const [name, document] of hocuspocus.documents) {
      for (const connection of document.getConnections()) {
        if (!matches(connection.context as CollabContext, name)) continue;
        connection.close({ code, reason });
        connection.webSocket.close(code, reason);
      }
    }
  }

  /** Serves a socket from this instance's Hocuspocus: the browser's own, or one forwarded to this owner. */
  function serveHere(ws: WebSocket, user: CollabUser): void {
    filterAwarenessFrames(ws, user);
    const context: CollabContext = { user };
    hocuspocus.handleConnection(ws, FORWARDED_REQUEST, context);
  }

  /** Applies a decision about open connections to what this instance serves. */
  function applyHere(message: ControlMessage): void {
    switch (message.kind) {
      case "closeUser":
        return closeWhere((context) => context?.user?.id === message.userId && context.wikiId === message.wikiId, "Access changed");
      case "closePage": {
        const name = pageDocumentName(message.pageId);
        return closeWhere((_context, documentName) => documentName === name, "Page moved to trash");
      }
      case "broadcastPage":
        hocuspocus.documents.get(pageDocumentName(message.pageId))?.broadcastStateless(JSON.stringify(message.message));
        return;
      case "broadcastWiki": {
        const payload = JSON.stringify(message.message);
        for (const document of hocuspocus.documents.values()) {
          // Every connection to a page carries the page's wiki (set when it was authorized).
          if (document.getConnections().some((connection) => (connection.context as CollabContext)?.wikiId === message.wikiId))
            document.broadcastStateless(payload);
        }
        return;
      }
    }
  }

  // With several instances the page's connections may live on another one: tell them all.
  const bus: ControlBus | undefined =
    scaleOut &&
    createControlBus({
      redisUrl: scaleOut.redisUrl,
      instanceId: scaleOut.instanceId,
      apply: applyHere,
      // Cut off from the others (Redis down): what they decided meanwhile is read from the database.
      recheck: async () => {
        for (const { connection, reason } of await staleConnections(hocuspocus.documents)) {
          connection.close({ code: 4403, reason });
          connection.webSocket.close(4403, reason);
        }
      },
      onError: (error) => logger.warn({ err: error }, "collab control bus error"),
    });
  const control = (message: ControlMessage) => (bus ? bus.publish(message) : applyHere(message));

  async function replaceDocumentHere(pageId: string, userId: string, json: JSONContent): Promise<boolean> {
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
  }

  /**
   * Decides suggestions on the live document in one synchronous step: read, decide, rewrite,
   * noted as decided and queued for the database, with no client update applied in between, so a
   * decision never undoes an edit it did not see and no update brings a decided id back.
   */
  async function decideSuggestionsHere(
    pageId: string,
    made: SuggestionDecisionRecord,
    request: SuggestionDecisionRequest,
  ): Promise<SuggestionSummary[] | null> {
    const userId = actorId(made.by);
    const connection = await hocuspocus.openDirectConnection(pageDocumentName(pageId), { user: { id: userId } });
    let decided: SuggestionSummary[] = [];
    let stored: Promise<boolean> = Promise.resolve(true);
    try {
      await connection.transact((doc) => {
        const current = jsonFromYDoc(doc);
        const outcome = decideOnBody(current, request);
        if (!outcome.next) return;
        const next = outcome.next;
        decided = outcome.decided;
        const origin = { context: { user: { id: userId } } };
        doc.transact(() => replaceDocumentContent(doc, next), origin);
        noteDecidedSuggestions(doc, current, next);
        stored = flushUpdateLog();
      });
      if (!(await stored)) return null;
    } finally {
      await connection.disconnect();
    }
    // Here, where the body changed, not by the caller: an answer lost or late (another instance
    // asked, and timed out) must not leave a decision made but unrecorded.
    if (decided.length > 0) await options.recordDecisions?.(pageId, made, decided);
    return decided;
  }

  /** What another instance asks of this one as a page's owner: data, as it crosses Redis. */
  type OwnerRequest =
    | { kind: "replace"; pageId: string; userId: string; json: JSONContent }
    | { kind: "decide"; pageId: string; made: SuggestionDecisionRecord; request: SuggestionDecisionRequest };
  type OwnerAnswer = boolean | SuggestionSummary[] | null;

  function runHere(request: OwnerRequest): Promise<OwnerAnswer> {
    return request.kind === "replace"
      ? replaceDocumentHere(request.pageId, request.userId, request.json)
      : decideSuggestionsHere(request.pageId, request.made, request.request);
  }

  const calls =
    scaleOut &&
    createOwnerCalls<OwnerRequest, OwnerAnswer>({
      redisUrl: scaleOut.redisUrl,
      instanceId: scaleOut.instanceId,
      // Done here whatever this instance believes: if it lost the page meanwhile, loading it fails
      // and the caller is told to try again.
      handle: async (request) => {
        const answer = await runHere(request);
        // Done, and (for a decision) recorded: a test loses the answer here, as a timeout would.
        failpoint("owner-answer");
        return answer;
      },
      onError: (error) => logger.warn({ err: error }, "collab owner calls error"),
    });

  /**
   * Runs a change to a page's live document on its owner: here, or asked of the instance holding
   * it. `failed` is the answer when the owner could not be asked or did not answer; `Answer` must
   * be what runHere answers for `request` (both ends run the same function).
   */
  async function atOwner<Answer extends OwnerAnswer>(request: OwnerRequest, failed: Answer): Promise<Answer> {
    const { pageId } = request;
    if (!ownership || !calls) return runHere(request) as Promise<Answer>;
    const heldBefore = ownership.fenceOf(pageId) !== undefined;
    const claim = await ownership.claim(pageId);
    if (claim.owned) {
      try {
        return (await runHere(request)) as Answer;
      } finally {
        if (!heldBefore) await releaseUnlessOpen(pageId);
      }
    }
    try {
      return (await calls.call(claim.heldBy, request)) as Answer;
    } catch (error) {
      logger.warn({ err: error, pageId }, "the page's owner did not make the change");
      return failed;
    }
  }

  /**
   * Gives up a lease taken only to make a change, once no document of the page is loaded or
   * loading here. A loaded document releases the lease when it unloads, but one that failed to
   * load is never unloaded: its lease would be renewed for as long as this instance runs, and
   * every socket and change for the page sent here. (A socket this instance just routed to
   * itself and not yet loaded finds the lease gone and claims it again when its document loads.)
   */
  async function releaseUnlessOpen(pageId: string): Promise<void> {
    const name = pageDocumentName(pageId);
    if (hocuspocus.documents.has(name) || hocuspocus.loadingDocuments.has(name)) return;
    await ownership?.release(pageId).catch((error: unknown) => logger.warn({ err: error, pageId }, "could not release a page lease"));
  }

  let relay: FrameRelay | undefined;
  let router: CollabRouter | undefined;
  if (scaleOut && ownership) {
    const created = createCollabRouter({
      ownership,
      relay: () => relay!,
      serveHere,
      onError: (error) => logger.warn({ err: error }, "could not route a collab socket"),
    });
    router = created;
    relay = createFrameRelay({
      redisUrl: scaleOut.redisUrl,
      instanceId: scaleOut.instanceId,
      onTunnel: (socket, hello) => created.accept(socket, hello),
      onError: (error) => logger.warn({ err: error }, "collab relay error"),
    });
  }

  return {
    async handleUpgrade(req, socket, head) {
      socket.on("error", () => socket.destroy());
      // A page in the path must be one: such a socket is routed by it (several instances).
      const pathname = (req.url ?? "").split("?")[0];
      const named = documentNameFromPath(pathname, COLLAB_PATH);
      if (pathname !== COLLAB_PATH && !(named && pageIdFromDocumentName(named)))
        return refuse(socket, 404, "Unknown document: connect to /collab or /collab/page.{id}");
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
        if (router) return router.route(ws, user, named);
        filterAwarenessFrames(ws, user);
        const context: CollabContext = { user };
        hocuspocus.handleConnection(ws, req, context);
      });
    },
    closeUserConnections(userId, wikiId) {
      control({ kind: "closeUser", userId, wikiId });
    },
    closePageConnections(pageId) {
      control({ kind: "closePage", pageId });
    },
    broadcastToPage(pageId, message) {
      control({ kind: "broadcastPage", pageId, message });
    },
    broadcastToWiki(wikiId, message) {
      control({ kind: "broadcastWiki", wikiId, message });
    },
    replaceDocument(pageId, userId, json) {
      return atOwner({ kind: "replace", pageId, userId, json }, false);
    },
    decideSuggestions(pageId, made, request) {
      return atOwner({ kind: "decide", pageId, made, request }, null);
    },
    async shutdown() {
      clearInterval(heartbeat);
      clearInterval(slowConsumers);
      await persistence.flushAll(hocuspocus.documents);
      for (const client of wss.clients) client.terminate();
      wss.close();
      // Forwarded sockets end (their browsers reconnect elsewhere), then the pages are given up.
      await relay?.close();
      await bus?.close();
      await calls?.close();
      await ownership?.close();
    },
    ready: Promise.all([relay?.ready, bus?.ready, calls?.ready]).then(() => undefined),
  };
}
