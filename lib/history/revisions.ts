import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { mergeUpdatesInGroups } from "@/lib/yjs/merge-updates";
import { transaction } from "@/db/executor";
import { findPageById } from "@/db/queries/pages";
import { findUserById } from "@/db/queries/users";
import {
  findRevision,
  insertRevision,
  latestRevision,
  logUpdatesBetween,
  revisionChain,
  revisionDeltasBetween,
  trimPageUpdateLog,
  updateAuthorsBetween,
  type RevisionMeta,
} from "@/db/queries/revisions";
import type { RevisionKind } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { recordAuditAsync } from "@/lib/audit/record";
import { jsonFromYDoc } from "@/lib/editor/document";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { loadPageDoc } from "@/lib/pages/content";
import { registry } from "@/lib/server/registry";
import { contentWithoutSuggestions, textWithoutSuggestions } from "@/lib/suggestions/settled";
import { diffDocuments } from "./diff";
import type { RestoreNotice } from "./restore-notice";
import { LruCache } from "@/lib/lru";

/** Every this many revisions a full Yjs state is kept, bounding the deltas replayed to read one. */
export const CHECKPOINT_EVERY = 50;

export function countWords(text: string): number {
  const words = text.match(/\S+/g);
  return words ? words.length : 0;
}

async function pageDocFromStorage(pageId: string): Promise<{ doc: Y.Doc; throughUpdateId: number }> {
  const loaded = await loadPageDoc(pageId);
  if (!loaded) throw new AppError("not_found", "Page not found");
  return loaded;
}

/** Rebuilds a revision's Yjs document from its checkpoint and the deltas after it. */
export async function revisionDoc(pageId: string, number: number): Promise<Y.Doc> {
  const chain = await revisionChain(pageId, number);
  if (chain.length === 0 || chain.at(-1)!.number !== number) throw new AppError("not_found", `Version ${number} does not exist`);
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    Y.applyUpdate(doc, chain[0].checkpoint!);
    for (const link of chain.slice(1)) Y.applyUpdate(doc, link.delta);
  });
  return doc;
}

export async function revisionJSON(pageId: string, number: number): Promise<JSONContent> {
  const doc = await revisionDoc(pageId, number);
  const json = jsonFromYDoc(doc);
  doc.destroy();
  return json;
}

/**
 * The content of each version from `first` through `last`, oldest first. One document is rebuilt
 * and then moved on by each version's delta, so walking many versions costs one delta each
 * instead of a rebuild from the checkpoint each.
 */
export async function* revisionContents(
  pageId: string,
  first: number,
  last: number,
): AsyncGenerator<{ number: number; json: JSONContent }> {
  // Both reads before the first yield: a consumer that stops early leaves no query behind.
  const doc = await revisionDoc(pageId, first);
  const deltas = await revisionDeltasBetween(pageId, first, last).catch((error: unknown) => {
    doc.destroy();
    throw error;
  });
  try {
    yield { number: first, json: jsonFromYDoc(doc) };
    for (const { number, delta } of deltas) {
      Y.applyUpdate(doc, delta);
      yield { number, json: jsonFromYDoc(doc) };
    }
  } finally {
    doc.destroy();
  }
}

export type CreateRevisionOptions = {
  kind: RevisionKind;
  name?: string | null;
  note?: string | null;
  createdBy?: string | null;
  /** For a restore: the version whose content came back (recorded in the audit log). */
  restoredFrom?: number;
  /** Where the request that asked for a named version or a restore came from. */
  ip?: string | null;
};

// The newest version's content per page, so the next version's word counts need not rebuild it;
// bounded, since a long-running server meets every page eventually (pages edited recently stay).
const newestContent = ((
  globalThis as typeof globalThis & { __opinioNewestRevision?: LruCache<string, { number: number; json: JSONContent }> }
).__opinioNewestRevision ??= new LruCache(500));

async function contentOf(pageId: string, number: number): Promise<JSONContent> {
  const cached = newestContent.get(pageId);
  return cached?.number === number ? cached.json : revisionJSON(pageId, number);
}

/** Everything a new revision needs, computed without holding the write lock. */
async function prepareRevision(pageId: string, options: CreateRevisionOptions) {
  const page = await findPageById(pageId);
  if (!page) throw new AppError("not_found", "Page not found");
  const previous = await latestRevision(pageId);
  const { doc, throughUpdateId: loadedThrough } = await pageDocFromStorage(pageId);
  const throughUpdateId = Math.max(loadedThrough, previous?.throughUpdateId ?? 0);
  const logged = previous ? await logUpdatesBetween(pageId, previous.throughUpdateId, throughUpdateId) : [];
  if (options.kind === "auto" && previous && logged.length === 0) {
    doc.destroy();
    return null;
  }
  const number = (previous?.number ?? 0) + 1;
  const checkpoint = !previous || (number - 1) % CHECKPOINT_EVERY === 0;
  const fullState = checkpoint ? Buffer.from(Y.encodeStateAsUpdate(doc)) : null;
  const delta = previous ? Buffer.from(logged.length ? mergeUpdatesInGroups(logged) : EMPTY_UPDATE) : fullState!;
  const json = jsonFromYDoc(doc);
  doc.destroy();
  const previousContent = previous ? await contentOf(pageId, previous.number) : null;
  // A version's counts are of the text of record: words only suggested are not yet added or removed.
  const { summary } = diffDocuments(
    previousContent ? contentWithoutSuggestions(previousContent) : { type: "doc", content: [] },
    contentWithoutSuggestions(json),
  );
  const authors = await updateAuthorsBetween(pageId, previous?.throughUpdateId ?? 0, throughUpdateId);
  const contributors =
    authors.length > 0 ? authors : !previous && page.createdBy ? [page.createdBy] : options.createdBy ? [options.createdBy] : [];
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
    delta,
    checkpoint: fullState,
    // A version's "+N −M" counts footnote marks with the words: adding a citation is an edit too.
    wordsAdded: summary.wordsAdded + summary.citationsAdded,
    wordsRemoved: summary.wordsRemoved + summary.citationsRemoved,
    wordCount: countWords(textWithoutSuggestions(json)),
  };
  return { row, json, page };
}

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * Records the page's current content (stored state plus the update log, i.e. every acknowledged
 * edit) as the next revision. An automatic revision is skipped when nothing was logged since the
 * previous one. The Yjs and diff work happens before the write lock is taken; the insert then
 * checks that nobody recorded a revision meanwhile (and starts over if someone did).
 */
export async function createRevision(pageId: string, options: CreateRevisionOptions): Promise<RevisionMeta | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const prepared = await prepareRevision(pageId, options);
    if (!prepared) return null;
    const { row, json, page } = prepared;
    const recorded = await transaction(async () => {
      if (((await latestRevision(pageId))?.number ?? 0) !== row.number - 1) return null;
      // On PostgreSQL another instance may insert the same number (or, for an automatic version,
      // the same position) between that check and this insert: the insert then does nothing,
      // and the next attempt sees its version.
      if (!(await insertRevision(row))) return null;
      await trimPageUpdateLog(pageId);
      await recordVersionAudit(page, row, options);
      return (await findRevision(pageId, row.number))!;
    });
    if (recorded) {
      newestContent.set(pageId, { number: row.number, json });
      if (options.kind === "restore") await announceRestore(pageId, row.number, options);
      return recorded;
    }
  }
  throw new AppError("conflict", "The page's history is changing too fast; try again");
}

/** Tells everyone with the page open who restored which version (their text was just replaced). */
async function announceRestore(pageId: string, newVersion: number, options: CreateRevisionOptions): Promise<void> {
  // Nobody has the page open without a collab server in this process (CLI, tests): no name to read.
  const collab = registry().collab;
  if (!options.restoredFrom || !collab) return;
  const byId = options.createdBy ?? null;
  const notice: RestoreNotice = {
    type: "restored",
    version: options.restoredFrom,
    newVersion,
    byId,
    byName: byId ? ((await findUserById(byId))?.name ?? null) : null,
  };
  collab.broadcastToPage(pageId, notice);
}

/** Named versions and restores are someone's deliberate act; automatic versions are not audited. */
async function recordVersionAudit(
  page: { wikiId: string; title: string },
  row: { pageId: string; number: number; name: string | null },
  options: CreateRevisionOptions,
): Promise<void> {
  if (options.kind === "auto") return;
  const by = options.createdBy ? { userId: options.createdBy, ip: options.ip } : null;
  const target = { type: "page", id: row.pageId };
  const wikiId = page.wikiId;
  if (options.kind === "restore") {
    await recordAuditAsync({
      action: AUDIT_ACTIONS.versionRestored,
      by,
      wikiId,
      target,
      details: { title: page.title, version: row.number, restoredFrom: options.restoredFrom ?? null },
    });
  } else {
    await recordAuditAsync({
      action: AUDIT_ACTIONS.versionSaved,
      by,
      wikiId,
      target,
      details: { title: page.title, version: row.number, name: row.name },
    });
  }
}

export function parseContributors(revision: Pick<RevisionMeta, "contributors">): string[] {
  try {
    const ids = JSON.parse(revision.contributors);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}
