import * as Y from "yjs";

/** How many updates one Y.mergeUpdates call takes; 32–256 measured about equally fast. */
const GROUP = 64;

/**
 * Merges many Yjs updates into one, in groups and then groups of groups. Y.mergeUpdates over n
 * updates at once grows quadratically: a version after 30,000 logged keystrokes took 60 s
 * (bench ingest, seph-blog1), all of it blocking the event loop; merging in groups of 64 takes
 * ~125 ms for the same result. Merging is associative, so the grouping does not change it.
 */
export function mergeUpdatesInGroups(updates: Uint8Array[]): Uint8Array {
  if (updates.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
  let level = updates;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += GROUP) next.push(level.length - i === 1 ? level[i] : Y.mergeUpdates(level.slice(i, i + GROUP)));
    level = next;
  }
  return level[0];
}
