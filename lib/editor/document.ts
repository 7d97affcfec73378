import { getSchema, type JSONContent } from "@tiptap/core";
import type { Node as PMNode, Schema } from "@tiptap/pm/model";
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { DOCUMENT_FRAGMENT, schemaExtensions } from "./extensions";

let cachedSchema: Schema | undefined;

/** The ProseMirror schema built from the shared extension list. */
export function editorSchema(): Schema {
  cachedSchema ??= getSchema(schemaExtensions());
  return cachedSchema;
}

export const EMPTY_DOC: JSONContent = { type: "doc", content: [{ type: "paragraph" }] };

/** Checks JSON against the schema; throws on nodes or marks the editor does not know. */
export function parseDocJSON(json: JSONContent): PMNode {
  const node = editorSchema().nodeFromJSON(json);
  node.check();
  return node;
}

/** A fresh Yjs document holding `json`. Only for a page's birth: never rebuild a live page this way. */
export function ydocFromJSON(json: JSONContent): Y.Doc {
  parseDocJSON(json);
  return prosemirrorJSONToYDoc(editorSchema(), json, DOCUMENT_FRAGMENT);
}

/**
 * The page body as ProseMirror JSON, as the schema allows it. A client can write any Yjs
 * structure over the collab socket (not only what the editor makes): nodes and marks the schema
 * does not know are dropped here, and top-level blocks that still do not fit are left out, as the
 * browser editor leaves them out, so one hostile update cannot stop the page from rendering,
 * compacting, versioning or being indexed.
 */
export function jsonFromYDoc(doc: Y.Doc): JSONContent {
  const raw = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(DOCUMENT_FRAGMENT)) as JSONContent;
  const json = knownOnly(raw, editorSchema());
  if (!json?.content || json.content.length === 0) return EMPTY_DOC;
  if (fitsSchema(json)) return json;
  const blocks = json.content.filter((block) => fitsSchema({ type: "doc", content: [block] }));
  return blocks.length ? { ...json, content: blocks } : EMPTY_DOC;
}

function knownOnly(node: JSONContent, schema: Schema): JSONContent | null {
  if (!node.type || !schema.nodes[node.type]) return null;
  const out: JSONContent = { ...node };
  if (node.marks) out.marks = node.marks.filter((mark) => !!schema.marks[mark.type]);
  if (node.content) out.content = node.content.map((child) => knownOnly(child, schema)).filter((child): child is JSONContent => child !== null);
  return out;
}

function fitsSchema(json: JSONContent): boolean {
  try {
    parseDocJSON(json);
    return true;
  } catch {
    return false;
  }
}

/** Plain text with blocks separated by blank lines, for search and the REST `text` field. */
export function textFromJSON(json: JSONContent): string {
  const node = parseDocJSON(json);
  return node.textBetween(0, node.content.size, "\n\n", "\n").trim();
}

/** True when a document has no text and no non-paragraph content worth keeping. */
export function isEmptyDoc(json: JSONContent): boolean {
  const blocks = json.content ?? [];
  return blocks.every((b) => b.type === "paragraph" && !(b.content && b.content.length));
}
