import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { findCompactedPageContent, loadPageState, type StoredPageState } from "@/db/queries/page-content";
import { jsonFromYDoc } from "@/lib/editor/document";
import { mergeUpdatesInGroups } from "@/lib/yjs/merge-updates";

/**
 * A page's body as stored, on either database, for the suggestion commands and notices: the
 * compacted JSON when nothing was logged after it, else the document rebuilt from the compacted
 * state and the log (every acknowledged edit). lib/pages/content.ts does the same for the page
 * view on the synchronous layer; this is its async counterpart, until that one is converted.
 */
export async function readStoredBody(pageId: string): Promise<JSONContent> {
  const compacted = await findCompactedPageContent(pageId);
  if (compacted) return JSON.parse(compacted.json) as JSONContent;
  const state = await loadPageState(pageId);
  if (!state) return { type: "doc", content: [] };
  const doc = docFromStoredState(state);
  try {
    return jsonFromYDoc(doc);
  } finally {
    doc.destroy();
  }
}

/** A standalone Y.Doc of the stored state and the log after it; the caller destroys it. */
export function docFromStoredState(state: StoredPageState): Y.Doc {
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    Y.applyUpdate(doc, state.ydoc);
    if (state.updates.length > 0) Y.applyUpdate(doc, mergeUpdatesInGroups(state.updates.map((entry) => entry.update)));
  });
  return doc;
}
