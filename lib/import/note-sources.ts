import type { JSONContent } from "@tiptap/core";
import { newId } from "@/lib/ids";
import type { ImportedDocument } from "./html-to-doc";

/** A source title is the note's text; very long notes are cut (the full text is rarely a title). */
const MAX_SOURCE_TITLE = 500;

/** A source to register for a footnote: its new id and its title. */
export type NoteSource = { id: string; title: string };

/**
 * An imported document's footnotes as new sources, and its citations pointed at them: each note
 * gets a fresh source id, each placeholder citation (keyed by its note) that id.
 */
export function notesAsSources(imported: ImportedDocument): { doc: JSONContent; sources: NoteSource[] } {
  const ids = new Map(imported.notes.map((note) => [note.key, newId()]));
  const sources = imported.notes.map((note, i) => ({
    id: ids.get(note.key)!,
    title: (note.text || `Footnote ${i + 1}`).slice(0, MAX_SOURCE_TITLE),
  }));
  return { doc: ids.size ? replaceCitationKeys(imported.doc, ids) : imported.doc, sources };
}

function replaceCitationKeys(node: JSONContent, ids: Map<string, string>): JSONContent {
  // A citation not keyed by a note already names a registry source (`[^cite:key]`): it stays.
  const key = String(node.attrs?.sourceId);
  if (node.type === "citation") return ids.has(key) ? { ...node, attrs: { ...node.attrs, sourceId: ids.get(key) } } : node;
  return node.content ? { ...node, content: node.content.map((child) => replaceCitationKeys(child, ids)) } : node;
}
