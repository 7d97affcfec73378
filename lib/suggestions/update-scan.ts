import * as Y from "yjs";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "@/lib/editor/suggestion-marks";
import { markNameOfKey } from "@/lib/editor/yjs-mark-keys";

/** Part of every suggestion mark key and of the block attribute name, as the update spells them. */
const SUGGESTION_NAMES_SHARE = "suggestion";

/**
 * Whether a Yjs update writes a suggestion (a `suggestionInsert`/`suggestionDelete` mark or a
 * block's `suggestion` attribute) in a name other than `authorId`'s, or under a decided id,
 * read off the update's own structs without applying it. The forgery check on editors' connections (issue 19) runs only
 * when this says yes; plain typing costs a search of the update's bytes.
 *
 * A yes is not yet a forgery: an editor's honest edits rewrite existing suggestions too (Enter in
 * front of a reviewer's struck text moves that text, with its marks, into a new block; a split
 * copies the block's attribute). The shadow then tells whether the update adds a suggestion the
 * page did not have (lib/suggestions/shadow.ts).
 */
export function writesForeignSuggestion(update: Uint8Array, authorId: string, isDecided: (id: string) => boolean = () => false): boolean {
  // A keystroke's update names no mark or attribute: most updates are ruled out without decoding.
  if (Buffer.from(update.buffer, update.byteOffset, update.byteLength).indexOf(SUGGESTION_NAMES_SHARE) === -1) return false;
  let structs: ReturnType<typeof Y.decodeUpdate>["structs"];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return true; // Unreadable: let the shadow refuse it with its reason.
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { content } = struct;
    if (content instanceof Y.ContentFormat) {
      const name = markNameOfKey(content.key);
      if ((name === SUGGESTION_INSERT || name === SUGGESTION_DELETE) && isForeign(content.value, authorId, isDecided)) return true;
    } else if (struct.parentSub === BLOCK_SUGGESTION_ATTRIBUTE && content instanceof Y.ContentAny) {
      if (content.arr.some((value) => isForeign(value, authorId, isDecided))) return true;
    } else if (struct.parentSub === BLOCK_SUGGESTION_ATTRIBUTE && !(content instanceof Y.ContentDeleted)) {
      return true; // an attribute of another shape: look closer
    }
  }
  return false;
}

/** Someone else's suggestion, or one already decided (which nobody may write to any more). */
function isForeign(value: unknown, authorId: string, isDecided: (id: string) => boolean): boolean {
  if (value === null || value === undefined) return false; // a mark or attribute removed: anyone may
  if (typeof value !== "object") return true;
  const { authorId: named, id } = value as { authorId?: unknown; id?: unknown };
  return named !== authorId || (typeof id === "string" && isDecided(id));
}
