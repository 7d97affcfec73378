import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { writeTransaction } from "@/db/client";
import { loadPageState } from "@/db/queries/page-content";
import { findPageById } from "@/db/queries/pages";
import { findRevision, insertRevision, latestRevision, revisionChain, trimPageUpdateLog, updateAuthorsBetween, type RevisionMeta } from "@/db/queries/revisions";
import type { RevisionKind } from "@/db/schema";
import { jsonFromYDoc, textFromJSON } from "@/lib/editor/document";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { diffDocuments } from "./diff";

/** Every this many revisions a full Yjs state is kept, bounding the deltas replayed to read one. */
export const CHECKPOINT_EVERY = 50;

export function countWords(text: string): number {
  const words = text.match(/\S+/g);
  return words ? words.length : 0;
}

function pageDocFromStorage(pageId: string): { doc: Y.Doc; throughUpdateId: number } {
  const state = loadPageState(pageId);
  if (!state) throw new AppError("not_found", "Page not found");
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state.ydoc);
  for (const entry of state.updates) Y.applyUpdate(doc, entry.update);
  return { doc, throughUpdateId: state.updates.at(-1)?.id ?? state.compactedThrough };
}

/** Rebuilds a revision's Yjs document from its checkpoint and the deltas after it. */
export function revisionDoc(pageId: string, number: number): Y.Doc {
  const chain = revisionChain(pageId, number);
  if (chain.length === 0 || chain.at(-1)!.number !== number) throw new AppError("not_found", `Version ${number} does not exist`);
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    Y.applyUpdate(doc, chain[0].checkpoint!);
    for (const link of chain.slice(1)) Y.applyUpdate(doc, link.delta);
  });
  return doc;
}

export function revisionJSON(pageId: string, number: number): JSONContent {
  const doc = revisionDoc(pageId, number);
  const json = jsonFromYDoc(doc);
  doc.destroy();
  return json;
}

export type CreateRevisionOptions = { kind: RevisionKind; name?: string | null; note?: string | null; createdBy?: string | null };

/**
 * Records the page's current content (stored state plus the update log, i.e. every acknowledged
 * edit) as the next revision. An automatic revision is skipped when nothing changed since the
 * previous one. Runs in one transaction, so two triggers cannot both take the same number.
 */
export function createRevision(pageId: string, options: CreateRevisionOptions): RevisionMeta | null {
  return writeTransaction(() => {
    const page = findPageById(pageId);
    if (!page) throw new AppError("not_found", "Page not found");
    const { doc, throughUpdateId } = pageDocFromStorage(pageId);
    const previous = latestRevision(pageId);
    const stateVector = Buffer.from(Y.encodeStateVector(doc));
    if (options.kind === "auto" && previous && Buffer.compare(previous.stateVector, stateVector) === 0) {
      doc.destroy();
      return null;
    }
    const number = (previous?.number ?? 0) + 1;
    const fullState = Buffer.from(Y.encodeStateAsUpdate(doc));
    const delta = previous ? Buffer.from(Y.encodeStateAsUpdate(doc, previous.stateVector)) : fullState;
    const json = jsonFromYDoc(doc);
    const text = textFromJSON(json);
    doc.destroy();
    const before = previous ? revisionJSON(pageId, previous.number) : { type: "doc", content: [] };
    const { summary } = diffDocuments(before, json);
    const authors = updateAuthorsBetween(pageId, previous?.throughUpdateId ?? 0, throughUpdateId);
    const contributors = authors.length > 0 ? authors : !previous && page.createdBy ? [page.createdBy] : options.createdBy ? [options.createdBy] : [];
    const row = {
      id: newId(),
      pageId,
      number,
      kind: options.kind,
      name: options.name ?? null,
      note: options.note ?? null,
      createdBy: options.createdBy ?? null,
      createdAt: new Date(),
      contributors: JSON.stringify(contributors),
      throughUpdateId,
      stateVector,
      delta,
      checkpoint: (number - 1) % CHECKPOINT_EVERY === 0 ? fullState : null,
      wordsAdded: summary.wordsAdded,
      wordsRemoved: summary.wordsRemoved,
      wordCount: countWords(text),
    };
    insertRevision(row);
    trimPageUpdateLog(pageId);
    return findRevision(pageId, number)!;
  });
}

export function parseContributors(revision: Pick<RevisionMeta, "contributors">): string[] {
  try {
    const ids = JSON.parse(revision.contributors);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}
