import type { JSONContent } from "@tiptap/core";
import { writeTransaction } from "@/db/client";
import { insertImportedSources } from "@/db/queries/import-sources";
import type { Page } from "@/db/schema";
import { actorId, type ActorRef } from "@/lib/audit/record";
import { parseDocJSON } from "@/lib/editor/document";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { ImportedDocument } from "@/lib/import/html-to-doc";
import { createPage } from "./pages";

/** A source title is the note's text; very long notes are cut (the full text is rarely a title). */
const MAX_SOURCE_TITLE = 500;

/**
 * Creates a page from an imported file: each footnote becomes a new "other" source (to be tidied
 * up in the registry) and each reference a citation of it. Sources and page are written in one
 * transaction, through createPage (slug, first version, search index, links), so a failure leaves
 * nothing behind.
 */
export function importPage(input: { wikiId: string; title: string; parentId?: string | null; imported: ImportedDocument }, by: ActorRef): Page {
  const userId = actorId(by);
  const sourceIds = new Map(input.imported.notes.map((note) => [note.key, newId()]));
  const doc = replaceCitationKeys(input.imported.doc, sourceIds);
  try {
    parseDocJSON(doc);
  } catch {
    throw new AppError("bad_request", "The file's content could not be turned into a page");
  }
  return writeTransaction(() => {
    insertImportedSources(
      input.imported.notes.map((note, i) => ({
        id: sourceIds.get(note.key)!,
        wikiId: input.wikiId,
        title: (note.text || `Footnote ${i + 1}`).slice(0, MAX_SOURCE_TITLE),
        createdBy: userId,
      })),
    );
    return createPage({ wikiId: input.wikiId, title: input.title, parentId: input.parentId, json: doc }, by);
  });
}

function replaceCitationKeys(node: JSONContent, ids: Map<string, string>): JSONContent {
  if (node.type === "citation") return { ...node, attrs: { ...node.attrs, sourceId: ids.get(String(node.attrs?.sourceId)) ?? null } };
  return node.content ? { ...node, content: node.content.map((child) => replaceCitationKeys(child, ids)) } : node;
}
