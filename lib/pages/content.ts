import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { findPageContent, loadPageState } from "@/db/queries/page-content";
import { jsonFromYDoc, textFromJSON } from "@/lib/editor/document";

/**
 * A page's current content. The compacted JSON is used when the update log is empty; otherwise
 * the state is rebuilt from the stored Yjs state plus the log, so readers never see text older
 * than the last acknowledged edit.
 */
export function readPageContent(pageId: string): { json: JSONContent; text: string } {
  const state = loadPageState(pageId);
  if (!state) return { json: { type: "doc", content: [] }, text: "" };
  if (state.updates.length === 0) {
    const stored = findPageContent(pageId);
    if (stored) return { json: JSON.parse(stored.json) as JSONContent, text: stored.text };
  }
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state.ydoc);
  for (const entry of state.updates) Y.applyUpdate(doc, entry.update);
  const json = jsonFromYDoc(doc);
  doc.destroy();
  return { json, text: textFromJSON(json) };
}
