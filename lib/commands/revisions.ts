import * as Y from "yjs";
import { transaction } from "@/db/executor";
import { appendPageUpdate } from "@/db/queries/page-content";
import type { RevisionMeta } from "@/db/queries/revisions";
import { listSuggestionDecisions } from "@/db/queries/suggestions";
import { actorId, type ActorRef } from "@/lib/audit/record";
import { replaceDocumentContent } from "@/lib/editor/replace-content";
import { AppError } from "@/lib/errors";
import { createRevision, revisionJSON } from "@/lib/history/revisions";
import { loadPageDoc } from "@/lib/pages/content";
import { registry } from "@/lib/server/registry";
import { reviveSuggestions } from "@/lib/suggestions/revive";

const ipOf = (by: ActorRef) => (typeof by === "string" ? null : (by.ip ?? null));

/**
 * Records the page's current content as a named version. Its audit entry is written with the
 * version, in one transaction (lib/history/revisions.ts, createRevision).
 */
export async function saveVersion(input: { pageId: string; name: string; note?: string | null }, by: ActorRef): Promise<RevisionMeta> {
  const revision = await createRevision(input.pageId, {
    kind: "named",
    name: input.name,
    note: input.note || null,
    createdBy: actorId(by),
    ip: ipOf(by),
  });
  // Only automatic versions are ever skipped.
  return revision!;
}

/** Without a collab server in this process (CLI, tests), the change goes straight into the update log. */
async function changeStoredDocument(pageId: string, userId: string, change: (doc: Y.Doc) => void): Promise<void> {
  await transaction(async () => {
    const loaded = await loadPageDoc(pageId);
    if (!loaded) throw new AppError("not_found", "Page not found");
    const { doc } = loaded;
    try {
      const before = Y.encodeStateVector(doc);
      change(doc);
      await appendPageUpdate(pageId, Y.encodeStateAsUpdate(doc, before), userId);
    } finally {
      doc.destroy();
    }
  });
}

/**
 * Restores version `version`: the page becomes that content through a normal collaborative change
 * (everyone with the page open sees it live), and the restore is itself recorded as a version,
 * with its audit entry. Suggestions pending in that version come back pending, under fresh ids
 * where they have been decided since (lib/suggestions/revive.ts). A version that does not exist
 * is refused before anything is written.
 */
export async function restoreVersion(input: { pageId: string; version: number }, by: ActorRef): Promise<RevisionMeta> {
  const { pageId, version } = input;
  const userId = actorId(by);
  // The version first: one that does not exist is refused before anything else is read or written.
  const stored = await revisionJSON(pageId, version);
  const decided = new Set((await listSuggestionDecisions(pageId)).map((decision) => decision.id));
  const json = reviveSuggestions(stored, decided);
  const collab = registry().collab;
  if (collab) {
    // Recorded only once the change is on disk: a restore entry must stand for a real restore.
    if (!(await collab.replaceDocument(pageId, userId, json)))
      throw new AppError(
        "internal",
        `Version ${version} could not be restored: saving the page failed, so it is unchanged and no restore was recorded. Try again.`,
      );
  } else await changeStoredDocument(pageId, userId, (doc) => replaceDocumentContent(doc, json));
  const revision = await createRevision(pageId, {
    kind: "restore",
    name: `Restored version ${version}`,
    createdBy: userId,
    restoredFrom: version,
    ip: ipOf(by),
  });
  // A restore is never skipped (only automatic versions are).
  return revision!;
}
