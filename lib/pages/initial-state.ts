import { loadPageState } from "@/db/queries/page-content";
import { LruCache } from "@/lib/lru";
import { mergeUpdatesInGroups } from "@/lib/yjs/merge-updates";

/**
 * A page's Yjs state as the page view sends it to the browser (base64, in the page's HTML), so the
 * editor's document is built at once and the collab sync only has to fetch what changed since.
 *
 * Safe because it is what the collab server would send anyway, never more:
 * - only the page view sends it, after the same `page.read` check the collab server makes;
 * - it is the stored state plus the update log, i.e. the acknowledged edits, which the collab
 *   server's live document always contains (an edit is logged before it is acknowledged). So it
 *   is the server's state or older, never newer: the sync brings the browser up to date, and the
 *   browser has nothing to send back.
 */

/** Larger states are left to the sync: the page's HTML should not grow by megabytes. */
export const INITIAL_STATE_MAX_BYTES = 256 * 1024;

const CACHED_STATES = 64;
const encoded = new LruCache<string, { version: string; base64: string | null }>(CACHED_STATES);

/**
 * The page's stored Yjs state as base64, or null when it has none or it is over the limit.
 * `version` is the page's content version as the view already read it (renderedPage), read
 * before the state, so a state cached under it is never older than it says.
 */
export async function initialPageState(pageId: string, version: string | null): Promise<string | null> {
  if (!version) return null;
  const cached = encoded.get(pageId);
  if (cached?.version === version) return cached.base64;
  const state = await loadPageState(pageId);
  if (!state) return null;
  const update = state.updates.length > 0 ? mergeUpdatesInGroups([state.ydoc, ...state.updates.map((entry) => entry.update)]) : state.ydoc;
  const base64 =
    update.byteLength <= INITIAL_STATE_MAX_BYTES
      ? Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString("base64")
      : null;
  encoded.set(pageId, { version, base64 });
  return base64;
}
