import type { JSONContent } from "@tiptap/core";
import UniqueID from "@tiptap/extension-unique-id";
import { isBlockId } from "./block-id-format";

/**
 * Blocks that carry a stable id, for "copy link to paragraph", citations of a paragraph and
 * backlinks that jump to the linking sentence. The id is an ordinary node attribute, so it lives
 * in the Yjs document and survives other people's edits around it.
 */
export const BLOCK_ID_TYPES = ["paragraph", "heading", "listItem", "blockquote", "codeBlock", "table"];

/** Stored in the document as `id`, rendered as `data-id`. */
export const BLOCK_ID_ATTRIBUTE = "id";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Ten random base-36 characters (~51 bits): short enough for a readable URL, unique within any page. */
export function newBlockId(): string {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
}

/**
 * `assign`: whether this editor adds ids to new blocks. Only editors that may write do; the
 * server and read-only viewers just carry the attribute.
 */
export function blockIdExtension(assign: boolean) {
  return UniqueID.configure({
    types: BLOCK_ID_TYPES,
    attributeName: BLOCK_ID_ATTRIBUTE,
    generateID: () => newBlockId(),
    updateDocument: assign,
  });
}

/** Gives every block of `json` that has none an id (a page's birth, imports). Returns a copy. */
export function withBlockIds(json: JSONContent): JSONContent {
  const seen = new Set<string>();
  const visit = (node: JSONContent): JSONContent => {
    const copy: JSONContent = { ...node };
    if (node.type && BLOCK_ID_TYPES.includes(node.type)) {
      let id = node.attrs?.[BLOCK_ID_ATTRIBUTE];
      if (!isBlockId(id) || seen.has(id)) id = newBlockId();
      seen.add(id);
      copy.attrs = { ...node.attrs, [BLOCK_ID_ATTRIBUTE]: id };
    }
    if (node.content) copy.content = node.content.map(visit);
    return copy;
  };
  return visit(json);
}
