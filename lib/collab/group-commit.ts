import { appendPageUpdates, StaleLeaseError, type LogEntry } from "@/db/queries/page-content";
import { holdConnectionSends, sendNow, takeHeldSends, type HeldSend } from "@/lib/patches/hocuspocus";
import { withCorkedSockets } from "@/lib/patches/ws";
import { logger } from "@/lib/logger";
import { failpoint, failpointBeforeCommit } from "@/lib/server/failpoints";

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
 *
 * One batch commits at a time. On SQLite the append runs within the call (db/queries/page-content.ts),
 * so a batch is on disk before the turn ends, as when this was synchronous. On PostgreSQL the commit
 * takes a round trip: updates applied meanwhile form the next batch, written as soon as this one
 * has committed, and the messages sent meanwhile stay held until a commit covers them (the
 * messages held when a batch is taken are released after its commit, not before).
 */

export type QueuedUpdate = LogEntry & {
  /** Called after the commit with the entry's log id. */
  written(id: number): void;
  /** Called if the commit failed (the update is not on disk). */
  failed(error: unknown): void;
};

type Batch = { entries: QueuedUpdate[]; stored: Promise<boolean>; settle(stored: boolean): void };

function newBatch(): Batch {
  let settle!: (stored: boolean) => void;
  const stored = new Promise<boolean>((resolve) => (settle = resolve));
  return { entries: [], stored, settle };
}

/** The batch collecting updates, and whether one is being committed. */
let queued = newBatch();
let committing = false;
let flushScheduled = false;

/** Queues an update for the next group commit; from now until then, outgoing messages wait. */
export function queueUpdate(entry: QueuedUpdate): void {
  queued.entries.push(entry);
  holdConnectionSends();
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(() => void flushUpdateLog());
  }
}

/**
 * Writes every queued update, in one transaction, then releases the held messages (after the
 * batch being committed, if there is one). Compaction and versions await it first, so they never
 * run ahead of the log. Resolves false when the write of what was queued failed (each entry's
 * `failed` has been called): a caller that made a change itself and flushes right away learns that
 * its change is not on disk. Never rejects.
 */
export function flushUpdateLog(): Promise<boolean> {
  flushScheduled = false;
  const batch = queued;
  if (!committing) commitQueued();
  return batch.stored;
}

function commitQueued(): void {
  const batch = queued;
  queued = newBatch();
  const messages = takeHeldSends();
  if (batch.entries.length === 0) {
    release(messages);
    batch.settle(true);
    return;
  }
  // What is sent while this batch commits waits for the next commit (or the end of this one).
  holdConnectionSends();
  committing = true;
  void writeBatch(batch.entries).then((stored) => {
    committing = false;
    // Whatever happened, this batch's hold ends here: a stuck hold would silence every connection.
    release(messages);
    batch.settle(stored);
    // The next batch (queued meanwhile), or, with nothing queued, the messages held meanwhile.
    commitQueued();
  });
}

async function writeBatch(entries: QueuedUpdate[]): Promise<boolean> {
  let ids: number[];
  try {
    failpoint("append");
    ids = await appendPageUpdates(entries, failpointBeforeCommit("append-before-commit"));
    // Committed, acknowledgements not yet sent: a crash here must lose nothing acknowledged, and
    // a failure here (as if the commit's reply were lost) makes the clients send again.
    failpoint("append-after-commit");
  } catch (error) {
    // Pages another instance has taken over (several instances, PostgreSQL) refuse the whole
    // batch; their entries fail, and the other pages' entries are written without them.
    if (error instanceof StaleLeaseError) {
      // Said once per refusal, whether or not the pages still have sockets to drop: it is the one
      // sign that this instance went on serving pages after losing them (paused, cut off).
      logger.warn({ pageIds: error.pageIds, detail: error.message }, "refused writes to pages another instance has taken over");
      const stale = new Set(error.pageIds);
      const [lost, kept] = partition(entries, (entry) => stale.has(entry.pageId));
      for (const entry of lost) entry.failed(error);
      if (lost.length > 0) return (await writeBatch(kept)) && false;
    }
    for (const entry of entries) entry.failed(error);
    return false;
  }
  entries.forEach((entry, i) => entry.written(ids[i]));
  return true;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

function release(messages: HeldSend[]): void {
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
