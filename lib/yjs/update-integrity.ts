import * as Y from "yjs";

/**
 * Why a client's Yjs update must not be applied to a page, or null when it may.
 *
 * Yjs applies what it can of any update and keeps the rest, and some of what it keeps cannot be
 * read back: a struct or delete range of length 0 (say a GC struct of length 0) is taken into the
 * live document without complaint, but the state encoded from it then throws "Unexpected case"
 * when applied, so the page's next load, version and export fail for good. Found by the collab
 * fuzzer (tests/reliability/fuzz.test.ts, a bit-flipped update). The editor never writes such an
 * update, nor the kinds of content refused below, which Tiptap's Yjs binding has no use for
 * (embeds, JSON, binary values and subdocuments); an update it cannot even decode is refused whole
 * rather than applied in part. Checked before Hocuspocus applies a sync message
 * (lib/collab/extensions/message-guard.ts); decoding a keystroke's update costs about 2 µs.
 */
export function updateIntegrityProblem(update: Uint8Array): string | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return "the update cannot be decoded";
  }
  for (const struct of decoded.structs) {
    if (!(struct.length > 0)) return "the update holds a struct of length 0";
    if (struct instanceof Y.Item && FOREIGN_CONTENT.some((kind) => struct.content instanceof kind))
      return `the update holds content the editor never writes (${struct.content.constructor.name})`;
  }
  for (const ranges of decoded.ds.clients.values()) {
    if (ranges.some((range) => !(range.len > 0))) return "the update deletes a range of length 0";
  }
  return null;
}

/** Content kinds Yjs knows but the editor's documents never hold. */
const FOREIGN_CONTENT = [Y.ContentEmbed, Y.ContentJSON, Y.ContentBinary, Y.ContentDoc];
