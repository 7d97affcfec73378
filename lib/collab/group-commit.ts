import { appendPageUpdates, type LogEntry } from "@/db/queries/page-content";
import { holdConnectionSends, sendNow, takeHeldSends } from "@/lib/patches/hocuspocus";
import { withCorkedSockets } from "@/lib/patches/ws";
import { failpoint } from "@/lib/server/failpoints";

/**
 * Group commit for the update log, with acknowledgements held until the commit.
 *
 * Every Yjs update must be on disk before its author is told it is saved (Hocuspocus sends that
 * SyncStatus right after applying the update). Committing each update on its own costs one
 * SQLite commit per keystroke per editor, which capped ingest at ~0.4× a bare Hocuspocus server.
 * Instead, updates applied during one turn of the event loop (a client's provider sends several
 * at once; many clients' frames arrive together) are queued, and `setImmediate` writes them in
 * one transaction. Until that commit, every message the server sends over a collab connection
 * is held back, in order, and released right after it: acknowledgements therefore still follow
 * the write, and no reader is shown an edit the server could still lose (the hold is a Hocuspocus
 * patch: lib/patches/hocuspocus.ts). If the commit fails, the sockets of the affected documents
 * are terminated first, so their held acknowledgements are never sent; clients reconnect, reload
 * from storage and send their changes again.
 */

export type QueuedUpdate = LogEntry & {
  /** Called after the commit with the entry's log id. */
  written(id: number): void;
  /** Called if the commit failed (the update is not on disk). */
  failed(error: unknown): void;
};

let queue: QueuedUpdate[] = [];
let flushScheduled = false;

/** Queues an update for the next group commit; from now until then, outgoing messages wait. */
export function queueUpdate(entry: QueuedUpdate): void {
  queue.push(entry);
  holdConnectionSends();
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushUpdateLog);
  }
}

/**
 * Writes every queued update now, in one transaction, then releases the held messages.
 * Compaction and versions call it first, so they never run ahead of the log. Returns false when
 * the write failed (each entry's `failed` has been called): a caller that made a change itself
 * and flushes right away learns that its change is not on disk.
 */
export function flushUpdateLog(): boolean {
  flushScheduled = false;
  const batch = queue;
  queue = [];
  try {
    if (batch.length === 0) return true;
    let ids: number[];
    try {
      failpoint("append");
      ids = appendPageUpdates(batch);
    } catch (error) {
      for (const entry of batch) entry.failed(error);
      return false;
    }
    batch.forEach((entry, i) => entry.written(ids[i]));
    return true;
  } finally {
    // Whatever happened above, the hold ends here: a stuck hold would silence every connection.
    releaseHeld();
  }
}

function releaseHeld(): void {
  const messages = takeHeldSends();
  // Corked, each socket's held messages leave in one write rather than one per message: a
  // provider with several updates in flight gets all their acknowledgements at once, and the
  // syscalls were the largest single cost of ingest (bench: ingest).
  withCorkedSockets(
    messages.map(([connection]) => connection.webSocket),
    () => {
      // A socket terminated by a failed commit is CLOSING now, and Connection.send drops messages
      // to a closing socket: its held acknowledgements go nowhere.
      for (const [connection, message] of messages) sendNow(connection, message);
    },
  );
}
