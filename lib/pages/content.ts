import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { findCompactedPageContent, loadPageState, pageContentVersion, type StoredPageState } from "@/db/queries/page-content";
import { jsonFromYDoc } from "@/lib/editor/document";
import { LruCache } from "@/lib/lru";
import { textWithoutSuggestions } from "@/lib/suggestions/settled";
import { mergeUpdatesInGroups } from "@/lib/yjs/merge-updates";

/**
 * A standalone copy of a page's Yjs document as stored: the compacted state plus every logged
 * update after it, i.e. every acknowledged edit. `throughUpdateId` is the last log entry it
 * includes. Null when the page has no stored state. The caller destroys the doc.
 */
export async function loadPageDoc(pageId: string): Promise<{ doc: Y.Doc; throughUpdateId: number } | null> {
  const state = await loadPageState(pageId);
  return state ? docFromState(state) : null;
}

function docFromState(state: StoredPageState): { doc: Y.Doc; throughUpdateId: number } {
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    Y.applyUpdate(doc, state.ydoc);
    if (state.updates.length > 0) Y.applyUpdate(doc, mergeUpdatesInGroups(state.updates.map((entry) => entry.update)));
  });
  return { doc, throughUpdateId: state.updates.at(-1)?.id ?? state.compactedThrough };
}

const SHARED_DOCS = 32;
const sharedDocs = new LruCache<string, { version: string; doc: Y.Doc }>(SHARED_DOCS, (_pageId, dropped) => dropped.doc.destroy());

/**
 * The stored document, shared by every reader until the page changes: checking where comment
 * anchors point rebuilt the whole page from storage on every page view (bench: render). Keyed by
 * pageContentVersion; the least recently used pages are dropped. Read only: never edit or
 * destroy the returned doc.
 */
export async function sharedPageDoc(pageId: string): Promise<Y.Doc | null> {
  const version = await pageContentVersion(pageId);
  if (!version) return null;
  const cached = sharedDocs.get(pageId);
  if (cached?.version === version) return cached.doc;
  if (cached) {
    sharedDocs.delete(pageId);
    cached.doc.destroy();
  }
  const loaded = await loadPageDoc(pageId);
  if (!loaded) return null;
  // Another reader may have cached it meanwhile: keep one (the newest read), destroy the other.
  const raced = sharedDocs.get(pageId);
  if (raced?.version === version) {
    loaded.doc.destroy();
    return raced.doc;
  }
  sharedDocs.set(pageId, { version, doc: loaded.doc });
  return loaded.doc;
}

/**
 * A page's current content. The compacted JSON is used when the update log has nothing newer;
 * otherwise the document is rebuilt from the same stored state, so readers never see text older
 * than the last acknowledged edit. `json` holds pending suggestions; `text` is the text of record
 * without them, as compaction stores it.
 */
export async function readPageContent(pageId: string): Promise<{ json: JSONContent; text: string }> {
  // The Yjs state is the heaviest column; read it only when the log holds something newer.
  const current = await findCompactedPageContent(pageId);
  if (current) return contentFromCompacted(current);
  return contentFromState(await loadPageState(pageId));
}

function contentFromCompacted(current: { json: string; text: string }): { json: JSONContent; text: string } {
  return { json: JSON.parse(current.json) as JSONContent, text: current.text };
}

function contentFromState(state: StoredPageState | undefined): { json: JSONContent; text: string } {
  if (!state) return { json: { type: "doc", content: [] }, text: "" };
  const { doc } = docFromState(state);
  const json = jsonFromYDoc(doc);
  doc.destroy();
  return { json, text: textWithoutSuggestions(json) };
}
