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
 * Kept per live document, so the guard judges synchronously: loaded from the decisions recorded
 * when first asked, and added to by the collab server in the same synchronous step in which it
 * applies a decision, before the decision's record is written (no update can slip in between).
 */
const byDocument = new WeakMap<Y.Doc, Set<string>>();

export function decidedSuggestionIds(document: Y.Doc, pageId: string): ReadonlySet<string> {
  return idsOf(document, pageId);
}

/** Notes the suggestions a server-side change of `before` into `after` took out of the page. */
export function noteDecidedSuggestions(document: Y.Doc, pageId: string, before: JSONContent, after: JSONContent): void {
  const remaining = new Set(listSuggestions(after).map((suggestion) => suggestion.id));
  const ids = idsOf(document, pageId);
  for (const { id } of listSuggestions(before)) if (!remaining.has(id)) ids.add(id);
}

function idsOf(document: Y.Doc, pageId: string): Set<string> {
  let ids = byDocument.get(document);
  if (!ids) byDocument.set(document, (ids = new Set(listDecidedSuggestionIds(pageId))));
  return ids;
}
