import {
  MessageType,
  type afterLoadDocumentPayload,
  type beforeHandleMessagePayload,
  type afterUnloadDocumentPayload,
  type beforeUnloadDocumentPayload,
  type Document,
  type Extension,
  type onLoadDocumentPayload,
} from "@hocuspocus/server";
import type { JSONContent } from "@tiptap/core";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { compactPageState, findPageContent, loadPageState, type PageFence } from "@/db/queries/page-content";
import { touchPage } from "@/db/queries/pages";
import { isEmptyDoc, jsonFromYDoc } from "@/lib/editor/document";
import { textWithoutSuggestions } from "@/lib/suggestions/settled";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { config } from "@/lib/env";
import type { CollabContext } from "../context";
import { pageIdFromDocumentName } from "../document-name";
import { DOCUMENT_TOO_LARGE_REASON, LOAD_FAILED_REASON } from "../reasons";
import { createRevision } from "@/lib/history/revisions";
import { logger } from "@/lib/logger";
import { failpoint } from "@/lib/server/failpoints";
import { recordCompaction, recordHocuspocusStore } from "@/lib/server/diagnostics";
import { refreshLinksAndCitationsSoon } from "@/lib/links/refresh";
import { indexPage } from "@/lib/search/indexing";
import { notifyNewSuggestions } from "@/lib/suggestions/notifications";
import { mergeUpdatesInGroups } from "@/lib/yjs/merge-updates";
import { withoutUpdateListeners } from "@/lib/patches/lib0";
import type { PageOwnership } from "@/lib/scale/page-ownership";
import { flushUpdateLog, queueUpdate } from "../group-commit";

const LOAD_ORIGIN = Symbol("opinio-load");
/** Longest the search index and backlinks lag the stored text while someone types steadily. */
const DERIVED_EVERY_MS = 3000;

type Tracked = {
  pageId: string;
  /** With several instances: this instance's lease on the page, carried by every write. */
  fence?: PageFence;
  lastLogId: number;
  /** Log entries not yet folded into the stored state. */
  pending: number;
  /** Stored state plus logged updates: an upper bound on the document's encoded size. */
  bytes: number;
  /** Size of the stored state alone, as of the last compaction (or load). */
  stateBytes: number;
  /** The search index and links lag the stored text (a compaction while typing skipped them). */
  derivedStale: boolean;
  derivedAt: number;
  derivedTimer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
  compacting: boolean;
  versionTimer?: NodeJS.Timeout;
  /** When the oldest edit not yet in a version was made (0: none). */
  unversionedSince: number;
  /** When the latest edit was applied (the quiet-period timers measure from it). */
  lastEditAt: number;
  /** A compaction by log length is already queued. */
  compactQueued: boolean;
};

/**
 * Durability: every update is queued for the page's log from the Y.Doc's own `update` event,
 * which Hocuspocus fires while applying a client's message, and written by the group commit
 * (group-commit.ts) before any message, its SyncStatus acknowledgement included, leaves the
 * server. So an acknowledged edit is on disk, whatever happens next.
 * Hocuspocus's debounced onStoreDocument is not used for this (it runs after the ack, and in
 * 3.4.x can queue one store per update when stores are slow: hocuspocus #1110); compaction is
 * scheduled here, by log length and idle time.
 */
export class PersistenceExtension implements Extension {
  private tracked = new Map<string, Tracked>();

  /**
   * With several instances (issue 20) a page is loaded only by the instance holding its lease
   * (lib/scale/collab-routing.ts sends its sockets there), and every write carries that lease, so
   * an instance that lost the page cannot write beside the new owner.
   */
  constructor(private readonly ownership?: PageOwnership) {}

  /** Read once: the update path consults them per keystroke, and process.env is slow to read. */
  private settings = {
    compactAfterUpdates: config.compactAfterUpdates,
    compactIdleMs: config.compactIdleMs,
    versionIdleMs: config.versionIdleMs,
    versionMaxIntervalMs: config.versionMaxIntervalMs,
    maxDocumentBytes: config.maxDocumentBytes,
  };

  async onLoadDocument({ documentName, document }: onLoadDocumentPayload): Promise<void> {
    const pageId = pageIdFromDocumentName(documentName);
    if (!pageId) throw new Error("Unknown document");
    // Any error here refuses the connection: a page that failed to load is never served empty.
    let state;
    let fence: PageFence | undefined;
    try {
      if (this.ownership) {
        const claim = await this.ownership.claim(pageId);
        if (!claim.owned) throw new Error(`page ${pageId} is owned by instance ${claim.heldBy}`);
        fence = claim.fence;
      }
      failpoint("load");
      state = await loadPageState(pageId);
      if (!state) throw new Error(`Page ${pageId} has no stored state`);
    } catch (error) {
      logger.error({ err: error, pageId }, "could not load page");
      // Hocuspocus never unloads a document whose load failed; free its awareness timer here, and
      // give up the lease taken for it (nothing else would: it would be renewed for good).
      document.destroy();
      if (fence)
        await this.ownership?.release(pageId).catch((released) => logger.warn({ err: released, pageId }, "could not give up a lease"));
      // The reason travels to the client (as a refusal), which shows an error instead of a page.
      throw Object.assign(new Error("The page could not be loaded"), { reason: LOAD_FAILED_REASON, cause: error });
    }
    withoutUpdateListeners(document, () =>
      Y.transact(
        document,
        () => {
          Y.applyUpdate(document, state.ydoc);
          // One merged update applies faster than many small ones (a log can hold thousands).
          if (state.updates.length > 0) Y.applyUpdate(document, mergeUpdatesInGroups(state.updates.map((entry) => entry.update)));
        },
        LOAD_ORIGIN,
      ),
    );
    const lastLogId = state.updates.at(-1)?.id ?? state.compactedThrough;
    const bytes = state.ydoc.length + state.updates.reduce((sum, u) => sum + u.update.length, 0);
    this.tracked.set(documentName, {
      pageId,
      fence,
      lastLogId,
      pending: state.updates.length,
      bytes,
      stateBytes: state.ydoc.length,
      derivedStale: false,
      derivedAt: 0,
      compacting: false,
      unversionedSince: state.updates.length > 0 ? Date.now() : 0,
      lastEditAt: Date.now(),
      compactQueued: false,
    });
  }

  async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
    const tracked = this.tracked.get(documentName);
    if (!tracked) return;
    document.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      const userId = (origin as { context?: CollabContext } | null)?.context?.user?.id ?? null;
      tracked.pending++;
      tracked.bytes += update.length;
      // Written with everything else applied in this event-loop turn, before any message
      // (this update's acknowledgement included) leaves the server: see group-commit.ts.
      queueUpdate({
        pageId: tracked.pageId,
        update,
        userId,
        fence: tracked.fence,
        written: (id) => {
          tracked.lastLogId = Math.max(tracked.lastLogId, id);
        },
        failed: (error) => {
          tracked.pending--;
          tracked.bytes -= update.length;
          // Drop every socket before the held acknowledgements are released, so no client
          // believes the edit is saved; they reconnect, reload from storage and send again.
          const open = document.getConnections().filter((connection) => connection.webSocket.readyState === connection.webSocket.OPEN);
          if (open.length === 0) return;
          logger.error({ err: error, pageId: tracked.pageId }, "could not persist an update; dropping connections");
          for (const connection of open) connection.webSocket.terminate();
        },
      });
      this.schedule(document, tracked);
      this.scheduleVersion(tracked);
    });
    // Leftover log entries from before a crash are folded in soon after load.
    if (tracked.pending > 0) this.schedule(document, tracked);
    if (tracked.unversionedSince) this.scheduleVersion(tracked);
  }

  /** Refuses edits that would grow a page past MAX_DOCUMENT_BYTES (the connection is closed). */
  async beforeHandleMessage({ documentName, update }: beforeHandleMessagePayload): Promise<void> {
    const tracked = this.tracked.get(documentName);
    if (!tracked || tracked.bytes + update.length <= this.settings.maxDocumentBytes) return;
    const decoder = decoding.createDecoder(update);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return;
    throw Object.assign(new Error("Document size limit reached"), { code: 4413, reason: DOCUMENT_TOO_LARGE_REASON });
  }

  async beforeUnloadDocument({ documentName, document }: beforeUnloadDocumentPayload): Promise<void> {
    const tracked = this.tracked.get(documentName);
    if (!tracked) return;
    this.stopTimers(tracked);
    // A page taken over by another instance is compacted and versioned there.
    if (!this.stillOwned(tracked)) return;
    if (tracked.pending > 0) await this.compact(document, tracked);
    if (tracked.derivedStale) this.refreshDerived(tracked, "other");
    // The last editor left: what they wrote becomes a version.
    if (tracked.unversionedSince) await this.recordVersion(tracked);
    // Still tracked: Hocuspocus keeps the document after all if someone connected during this
    // hook, and its later edits must still be compacted and versioned (afterUnloadDocument forgets it).
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    const tracked = this.tracked.get(documentName);
    if (tracked) this.stopTimers(tracked);
    this.tracked.delete(documentName);
    // Closed here: another instance may take the page at once rather than wait for the lease.
    if (tracked && this.ownership)
      await this.ownership
        .release(tracked.pageId)
        .catch((error: unknown) => logger.warn({ err: error, pageId: tracked.pageId }, "could not release a page lease"));
  }

  private stillOwned(tracked: Tracked): boolean {
    if (!this.ownership) return true;
    const fence = this.ownership.fenceOf(tracked.pageId);
    return !!fence && fence.epoch === tracked.fence?.epoch;
  }

  /** Cancels a page's timers; the next edit arms them again. */
  private stopTimers(tracked: Tracked): void {
    clearTimeout(tracked.idleTimer);
    clearTimeout(tracked.versionTimer);
    clearTimeout(tracked.derivedTimer);
    tracked.idleTimer = tracked.versionTimer = tracked.derivedTimer = undefined;
  }

  /**
   * Hocuspocus's debounced store carries nothing here (compaction is ours); counted only so the
   * persistence benchmark can show how rarely it runs.
   */
  async onStoreDocument(): Promise<void> {
    recordHocuspocusStore();
  }

  /**
   * On shutdown: folds every open document's log into its state and records the versions still
   * pending, as the last editor leaving a page does (their timers die with the process).
   */
  async flushAll(documents: Map<string, Document>): Promise<void> {
    await flushUpdateLog();
    for (const [name, tracked] of this.tracked) {
      this.stopTimers(tracked);
      const document = documents.get(name);
      if (!this.stillOwned(tracked)) continue;
      if (document && tracked.pending > 0) await this.compact(document, tracked);
      if (tracked.derivedStale) this.refreshDerived(tracked, "other");
      if (tracked.unversionedSince) await this.recordVersion(tracked);
    }
  }

  /**
   * Called on every update, so it creates no timers: a pending timer is left alone and, when it
   * fires, re-arms itself for whatever remains of the quiet period since the last edit.
   * (Clearing and re-creating two timers per keystroke was a measurable share of ingest.)
   */
  private schedule(document: Document, tracked: Tracked): void {
    tracked.lastEditAt = Date.now();
    if (this.logIsDue(tracked)) {
      // Out of the update handler's call stack: the acknowledgement should not wait for it.
      if (!tracked.compactQueued) {
        tracked.compactQueued = true;
        setImmediate(() => {
          tracked.compactQueued = false;
          void this.compact(document, tracked, "length");
        });
      }
      return;
    }
    if (tracked.idleTimer) return;
    const check = () => {
      const quietFor = Date.now() - tracked.lastEditAt;
      if (quietFor < this.settings.compactIdleMs) {
        tracked.idleTimer = setTimeout(check, this.settings.compactIdleMs - quietFor).unref();
        return;
      }
      tracked.idleTimer = undefined;
      void this.compact(document, tracked, "idle");
    };
    tracked.idleTimer = setTimeout(check, this.settings.compactIdleMs).unref();
  }

  /**
   * Compaction rewrites the page's whole state, so how often it pays depends on the page's size:
   * after `compactAfterUpdates` entries, but on a large page only once the log holds a tenth of
   * the state's size as well (a 500 KB page is not rewritten for every 15 KB typed), and at the
   * latest after 20 × `compactAfterUpdates` entries, so the log a load replays stays bounded.
   */
  private logIsDue(tracked: Tracked): boolean {
    const { compactAfterUpdates } = this.settings;
    if (tracked.pending < compactAfterUpdates) return false;
    return (tracked.bytes - tracked.stateBytes) * 10 >= tracked.stateBytes || tracked.pending >= compactAfterUpdates * 20;
  }

  /**
   * Search index and backlinks follow the compacted text "within seconds", not at every
   * compaction: while someone types steadily they are refreshed at most every DERIVED_EVERY_MS,
   * and always when typing pauses (idle compaction) or the page closes.
   */
  private refreshDerived(tracked: Tracked, reason: "length" | "idle" | "other"): void {
    const now = Date.now();
    if (reason === "length" && now - tracked.derivedAt < DERIVED_EVERY_MS) {
      tracked.derivedStale = true;
      tracked.derivedTimer ??= setTimeout(() => {
        tracked.derivedTimer = undefined;
        if (tracked.derivedStale) this.refreshDerived(tracked, "other");
      }, DERIVED_EVERY_MS).unref();
      return;
    }
    tracked.derivedStale = false;
    tracked.derivedAt = now;
    void indexPage(tracked.pageId).catch((error: unknown) =>
      logger.error({ err: error, pageId: tracked.pageId }, "could not update the search index"),
    );
    refreshLinksAndCitationsSoon(tracked.pageId);
  }

  /** A version after `versionIdleMs` of quiet, or at the latest `versionMaxIntervalMs` after the first unversioned edit. */
  private scheduleVersion(tracked: Tracked): void {
    tracked.unversionedSince ||= Date.now();
    if (tracked.versionTimer) return;
    const dueIn = () => {
      const now = Date.now();
      return Math.max(
        0,
        Math.min(tracked.lastEditAt + this.settings.versionIdleMs, tracked.unversionedSince + this.settings.versionMaxIntervalMs) - now,
      );
    };
    const check = () => {
      const wait = dueIn();
      if (wait > 0) {
        tracked.versionTimer = setTimeout(check, wait).unref();
        return;
      }
      tracked.versionTimer = undefined;
      if (tracked.unversionedSince) void this.recordVersion(tracked);
    };
    tracked.versionTimer = setTimeout(check, dueIn()).unref();
  }

  private async recordVersion(tracked: Tracked): Promise<void> {
    await flushUpdateLog();
    // Cleared before the version is read from the log, so an edit logged while it is being
    // recorded schedules the next one.
    const unversionedSince = tracked.unversionedSince;
    tracked.unversionedSince = 0;
    try {
      failpoint("version");
      await createRevision(tracked.pageId, { kind: "auto" });
    } catch (error) {
      tracked.unversionedSince ||= unversionedSince;
      // Versions are derived from the log, which still holds everything: a later attempt catches up.
      logger.error({ err: error, pageId: tracked.pageId }, "could not record a version");
    }
  }

  /**
   * New suggestions are noticed on what was just stored, so each is noticed once, whoever typed it
   * and whatever restarts in between (lib/suggestions/notifications.ts). Never fails a compaction.
   */
  private async noticeSuggestions(pageId: string, body: JSONContent): Promise<void> {
    try {
      await notifyNewSuggestions(pageId, body);
    } catch (error) {
      logger.error({ err: error, pageId }, "could not notify new suggestions");
    }
  }

  private async compact(document: Document, tracked: Tracked, reason: "length" | "idle" | "other" = "other"): Promise<void> {
    await flushUpdateLog();
    if (tracked.compacting || tracked.pending === 0 || document.isDestroyed) return;
    tracked.compacting = true;
    const started = performance.now();
    try {
      // A loaded page always has at least one block; a fragment with none means the state never
      // arrived, and must not be written over stored content.
      if (document.getXmlFragment(DOCUMENT_FRAGMENT).length === 0) {
        const stored = await findPageContent(tracked.pageId);
        if (stored && !isEmptyDoc(JSON.parse(stored.json))) {
          logger.error({ pageId: tracked.pageId }, "refusing to store an empty document over a non-empty one");
          return;
        }
      }
      const json = jsonFromYDoc(document);
      const throughId = tracked.lastLogId;
      const pendingAtStart = tracked.pending;
      const state = Buffer.from(Y.encodeStateAsUpdate(document));
      failpoint("compact");
      await compactPageState(
        tracked.pageId,
        {
          ydoc: state,
          json: JSON.stringify(json),
          // The JSON keeps pending suggestions (the page shows them); search reads the text of record.
          text: textWithoutSuggestions(json),
          throughId,
        },
        tracked.fence,
        () => failpoint("compact-before-commit"),
      );
      await touchPage(tracked.pageId);
      await this.noticeSuggestions(tracked.pageId, json);
      tracked.pending -= pendingAtStart;
      tracked.bytes = state.byteLength;
      tracked.stateBytes = state.byteLength;
      // Search follows the compacted text: seconds behind the editor, never once per keystroke.
      this.refreshDerived(tracked, reason);
    } catch (error) {
      // The log still holds every update, so nothing is lost; try again later.
      logger.error({ err: error, pageId: tracked.pageId }, "compaction failed");
      clearTimeout(tracked.idleTimer);
      tracked.idleTimer = setTimeout(() => {
        tracked.idleTimer = undefined;
        void this.compact(document, tracked);
      }, this.settings.compactIdleMs * 5).unref();
    } finally {
      tracked.compacting = false;
      recordCompaction(performance.now() - started, reason);
    }
  }
}
