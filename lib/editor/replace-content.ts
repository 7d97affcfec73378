import type { JSONContent } from "@tiptap/core";
import { updateYFragment } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { parseDocJSON } from "./document";
import { DOCUMENT_FRAGMENT } from "./extensions";

/**
 * Rewrites a Yjs document's body to `json` as one minimal change: blocks that did not change keep
 * their identity, so carets and comment anchors in them survive.
 */
export function replaceDocumentContent(doc: Y.Doc, json: JSONContent): void {
  updateYFragment(doc, doc.getXmlFragment(DOCUMENT_FRAGMENT), parseDocJSON(json), { mapping: new Map(), isOMark: new Map() });
}
