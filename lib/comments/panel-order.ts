import type { ThreadView } from "@/lib/comments/present";
import type { HighlightRange } from "@/lib/editor/comment-highlights";
import type { SuggestionView } from "@/lib/api/suggestion-presenters";

/**
 * The side panel's one document order for comment threads and suggestion cards. Both are placed
 * by ProseMirror positions in the live document: a thread by its highlighted passage (text and
 * section threads alike), a suggestion by its first marked character or block
 * (suggestionPositions). Page-wide threads come after everything placed, then threads whose text
 * is gone and threads of suggestions that are no longer pending. Before the editor is live there
 * are no positions: suggestions first, in the server's document order, then threads as before.
 */

export type PanelEntry =
  | { kind: "thread"; key: string; thread: ThreadView }
  | { kind: "suggestion"; key: string; suggestion: SuggestionView; thread: ThreadView | null };

/** Where the entries are in the live document: keys of placed entries in order, and of threads whose text is gone. */
export type PanelLayout = { order: string[]; detached: string[] };

/** A suggestion's key in the panel (kept apart from thread ids). */
export const suggestionKey = (suggestionId: string) => `suggestion:${suggestionId}`;

/** Orders the placed threads and pending suggestions by their position in the document. */
export function placeEntries(
  ranges: ReadonlyMap<string, HighlightRange | null>,
  suggestionPositions: ReadonlyMap<string, number>,
  pendingSuggestionIds: readonly string[],
): PanelLayout {
  const placed: { key: string; from: number; to: number }[] = [];
  const detached: string[] = [];
  for (const [id, range] of ranges) {
    if (range) placed.push({ key: id, from: range.from, to: range.to });
    else detached.push(id);
  }
  for (const id of pendingSuggestionIds) {
    const at = suggestionPositions.get(id);
    if (at !== undefined) placed.push({ key: suggestionKey(id), from: at, to: at });
  }
  placed.sort((a, b) => a.from - b.from || a.to - b.to);
  return { order: placed.map((entry) => entry.key), detached };
}

/**
 * The threads and pending suggestions as the panel lists them, in document order. A pending
 * suggestion's reply thread is shown inside its card rather than on its own.
 */
export function panelEntries(threads: readonly ThreadView[], pending: readonly SuggestionView[], layout: PanelLayout | null): PanelEntry[] {
  const pendingIds = new Set(pending.map((s) => s.id));
  const threadOfSuggestion = new Map<string, ThreadView>();
  for (const thread of threads) {
    const id = thread.anchor.suggestionId;
    if (id && pendingIds.has(id)) threadOfSuggestion.set(id, thread);
  }
  const entries: PanelEntry[] = [
    ...pending.map((suggestion): PanelEntry => ({
      kind: "suggestion",
      key: suggestionKey(suggestion.id),
      suggestion,
      thread: threadOfSuggestion.get(suggestion.id) ?? null,
    })),
    ...[...threads]
      .filter((thread) => !(thread.anchor.suggestionId && pendingIds.has(thread.anchor.suggestionId)))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((thread): PanelEntry => ({ kind: "thread", key: thread.id, thread })),
  ];
  const index = new Map(layout?.order.map((key, i) => [key, i]));
  const detached = new Set(layout?.detached);
  const rank = (entry: PanelEntry): number => {
    const placed = index.get(entry.key);
    if (placed !== undefined) return placed;
    // Not placed (yet): a suggestion's card goes first, as the server listed it.
    if (entry.kind === "suggestion") return -1;
    const { thread } = entry;
    if (thread.anchor.kind === "page") return 1e9;
    if (thread.anchor.kind === "suggestion") return 2e9;
    if (layout ? detached.has(thread.id) : thread.detached) return 2e9;
    return 0;
  };
  // Stable: equal ranks keep the order above (suggestions as listed, threads oldest first).
  return entries.sort((a, b) => rank(a) - rank(b));
}
