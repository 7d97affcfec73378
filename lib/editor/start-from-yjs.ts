import type { Content, Editor } from "@tiptap/core";
import { initProseMirrorDoc } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { DOCUMENT_FRAGMENT } from "./extensions";

/** The Yjs binding's record of which ProseMirror node each Yjs element became. */
export type YjsMapping = ReturnType<typeof initProseMirrorDoc>["mapping"];

/**
 * Gives a new editor the page as its first document, built from the Y.Doc in one pass, and fills
 * `mapping` (handed to the Collaboration extension as `ySyncOptions.mapping`) with that pass's
 * record. Left to itself, the Yjs binding creates the view on an empty document, then converts the
 * whole Y.Doc and replaces the document with it in one transaction that every plugin sees
 * (ySyncPlugin's forced re-render): the largest task before the live editor was ready. Handed the
 * mapping, it skips that re-render, and the view draws the page once, when it is created.
 *
 * Call it from Tiptap's beforeCreate: the same synchronous call then mounts the view and builds
 * the binding, so no Yjs update can fall between this conversion and the binding's start. An empty
 * page keeps Tiptap's empty paragraph and an empty mapping, as the forced re-render would leave it;
 * the next remote change is applied as any other.
 */
export function startFromYjs(editor: Pick<Editor, "schema" | "setOptions">, doc: Y.Doc, mapping: YjsMapping): void {
  mapping.clear();
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  if (fragment.length === 0) return;
  const { doc: first, mapping: built } = initProseMirrorDoc(fragment, editor.schema);
  for (const [type, node] of built) mapping.set(type, node);
  // Tiptap takes a ProseMirror document as content as it is (createNodeFromContent), although its type says JSON or HTML.
  editor.setOptions({ content: first as unknown as Content });
}
