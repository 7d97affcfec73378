import { and, asc, eq, gt, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "../client";
import { pageContents, pageUpdates } from "../schema";
import { trimPageUpdateLog } from "./revisions";

export type StoredPageState = { ydoc: Buffer; compactedThrough: number; updates: { id: number; update: Buffer }[] };

export function insertPageContent(content: { pageId: string; ydoc: Buffer; json: string; text: string }): void {
  getDb().insert(pageContents).values(content).run();
}

export function findPageContent(pageId: string): { json: string; text: string; updatedAt: Date } | undefined {
  return getDb()
    .select({ json: pageContents.json, text: pageContents.text, updatedAt: pageContents.updatedAt })
    .from(pageContents)
    .where(eq(pageContents.pageId, pageId))
    .get();
}

/** Everything needed to rebuild a page's Yjs document: the compacted state and the log after it. */
export function loadPageState(pageId: string): StoredPageState | undefined {
  const db = getDb();
  return db.transaction(() => {
    const content = db
      .select({ ydoc: pageContents.ydoc, compactedThrough: pageContents.compactedThrough })
      .from(pageContents)
      .where(eq(pageContents.pageId, pageId))
      .get();
    if (!content) return undefined;
    const updates = db
      .select({ id: pageUpdates.id, update: pageUpdates.update })
      .from(pageUpdates)
      .where(and(eq(pageUpdates.pageId, pageId), gt(pageUpdates.id, content.compactedThrough)))
      .orderBy(asc(pageUpdates.id))
      .all();
    return { ...content, updates };
  });
}

/** Appends one Yjs update to the page's log and returns its id. Synchronous: durable on return. */
export function appendPageUpdate(pageId: string, update: Uint8Array, userId: string | null): number {
  const row = getDb()
    .insert(pageUpdates)
    .values({ pageId, update: Buffer.from(update.buffer, update.byteOffset, update.byteLength), userId })
    .returning({ id: pageUpdates.id })
    .get();
  return row.id;
}

/**
 * Folds the log up to `throughId` into the stored state, in one transaction: either the new state
 * and the shortened log are both on disk, or neither is. Entries not yet covered by a revision
 * stay in the log (their authors become that revision's contributors).
 */
export function compactPageState(pageId: string, state: { ydoc: Buffer; json: string; text: string; throughId: number }): void {
  const db = getDb();
  writeTransaction(() => {
    db.update(pageContents)
      .set({ ydoc: state.ydoc, json: state.json, text: state.text, compactedThrough: state.throughId, updatedAt: new Date() })
      .where(eq(pageContents.pageId, pageId))
      .run();
    trimPageUpdateLog(pageId);
  });
}

export function countPageUpdates(pageId: string): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(pageUpdates).where(eq(pageUpdates.pageId, pageId)).get()?.n ?? 0;
}
