import * as Y from "yjs";
import { writeTransaction } from "@/db/client";
import { appendPageUpdateSync } from "@/db/queries/page-content";
import { listSuggestionDecisions } from "@/db/queries/suggestions";
import type { RevisionMeta } from "@/db/queries/revisions";
import { replaceDocumentContent } from "@/lib/editor/replace-content";
import { AppError } from "@/lib/errors";
import { loadPageDoc } from "@/lib/pages/content";
import { registry } from "@/lib/server/registry";
import { reviveSuggestions } from "@/lib/suggestions/revive";
import { createRevision, revisionJSON } from "./revisions";

/** Without a collab server in this process (CLI, tests), the change goes straight into the update log. */
function changeStoredDocument(pageId: string, userId: string, change: (doc: Y.Doc) => void): void {
  writeTransaction(() => {
    const loaded = loadPageDoc(pageId);
    if (!loaded) throw new AppError("not_found", "Page not found");
    const { doc } = loaded;
    const before = Y.encodeStateVector(doc);
    change(doc);
    appendPageUpdateSync(pageId, Y.encodeStateAsUpdate(doc, before), userId);
    doc.destroy();
  });
}

/**
 * Restores version `number`: the page becomes that content through a normal collaborative change
 * (everyone with the page open sees it live), and the restore is itself recorded as a version.
 * Suggestions pending in that version come back pending, under fresh ids where they have been
 * decided since (lib/suggestions/revive.ts).
 */
export async function restoreRevision(
  pageId: string,
  number: number,
  userId: string,
  context: { ip?: string | null } = {},
): Promise<RevisionMeta> {
  const decided = new Set((await listSuggestionDecisions(pageId)).map((decision) => decision.id));
  const json = reviveSuggestions(revisionJSON(pageId, number), decided);
  const collab = registry().collab;
  if (collab) {
    // Recorded only once the change is on disk: a restore entry must stand for a real restore.
    if (!(await collab.replaceDocument(pageId, userId, json)))
      throw new AppError(
        "internal",
        `Version ${number} could not be restored: saving the page failed, so it is unchanged and no restore was recorded. Try again.`,
      );
  } else changeStoredDocument(pageId, userId, (doc) => replaceDocumentContent(doc, json));
  const revision = createRevision(pageId, {
    kind: "restore",
    name: `Restored version ${number}`,
    createdBy: userId,
    restoredFrom: number,
    ip: context.ip,
  });
  return revision!;
}
