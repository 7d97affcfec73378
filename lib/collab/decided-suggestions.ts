import type { JSONContent } from "@tiptap/core";
import type * as Y from "yjs";
import { listDecidedSuggestionIds } from "@/db/queries/suggestions";
import { listSuggestions } from "@/lib/suggestions/view";

/**
 * The suggestion ids decided on a loaded page (issue 19), which no update may bring back.
 *
 * A reviewer typing at the end of their own suggestion writes the new text under that
 * suggestion's id. If an editor accepts the suggestion meanwhile, the text arrives after the
 * decision: applied, it would make the id pending again beside its decision (listed twice, and a
 * second decision would overwrite the first one's record). The reviewer guard refuses such an
 * update instead (the client resyncs, and typing on makes a new suggestion).
 *
 * Kept per live document, so the guard judges synchronously once they are known: read from the
 * recorded decisions the first time the guard needs them (loadDecidedSuggestionIds, the one
 * await), and added to by the collab server in the same synchronous step in which it applies a
 * decision, before the decision's record is written (no update can slip in between). Ids noted
 * before the read finishes are kept: the set is the same object throughout.
 */
type Decided = { ids: Set<string>; loaded: boolean; loading?: Promise<void> };

const byDocument = new WeakMap<Y.Doc, Decided>();

function entryOf(document: Y.Doc): Decided {
  let entry = byDocument.get(document);
  if (!entry) byDocument.set(document, (entry = { ids: new Set(), loaded: false }));
  return entry;
}

/** The page's decided ids when they have been read for this document; undefined before. */
export function decidedSuggestionIds(document: Y.Doc): ReadonlySet<string> | undefined {
  const entry = byDocument.get(document);
  return entry?.loaded ? entry.ids : undefined;
}

/** Reads the page's decided ids for this document (once; concurrent callers share the read). */
export async function loadDecidedSuggestionIds(document: Y.Doc, pageId: string): Promise<ReadonlySet<string>> {
  const entry = entryOf(document);
  if (entry.loaded) return entry.ids;
  entry.loading ??= listDecidedSuggestionIds(pageId).then(
    (ids) => {
      for (const id of ids) entry.ids.add(id);
      entry.loaded = true;
    },
    (error: unknown) => {
      // The next update tries again rather than finding a failed read forever.
      entry.loading = undefined;
      throw error;
    },
  );
  await entry.loading;
  return entry.ids;
}

/** Notes the suggestions a server-side change of `before` into `after` took out of the page. */
export function noteDecidedSuggestions(document: Y.Doc, before: JSONContent, after: JSONContent): void {
  const remaining = new Set(listSuggestions(after).map((suggestion) => suggestion.id));
  const { ids } = entryOf(document);
  for (const { id } of listSuggestions(before)) if (!remaining.has(id)) ids.add(id);
}
