import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";

/*
 * Yjs updates written struct by struct, for tests of what a hostile or broken client can send
 * that the editor never would (lib/yjs/update-integrity.ts). Numbers are Yjs's own encoding: the
 * info byte's low bits name the content (0 GC, 1 deleted, 2 JSON, 3 binary, 4 string, 5 embed,
 * 6 format, 7 type, 8 any, 9 subdocument, 10 skip).
 */

/** One struct, written by hand as an update's single struct (V1), with an optional delete range. */
export function handWritten(write: (encoder: Y.UpdateEncoderV1) => void, deleteRange?: { clock: number; len: number }): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1); // clients
  encoding.writeVarUint(encoder.restEncoder, 1); // structs of this client
  encoder.writeClient(4242);
  encoding.writeVarUint(encoder.restEncoder, 0); // first clock
  write(encoder);
  encoding.writeVarUint(encoder.restEncoder, deleteRange ? 1 : 0);
  if (deleteRange) {
    encoding.writeVarUint(encoder.restEncoder, 4242);
    encoding.writeVarUint(encoder.restEncoder, 1);
    encoder.writeDsClock(deleteRange.clock);
    encoder.writeDsLen(deleteRange.len);
  }
  return encoder.toUint8Array();
}

/** An item at the start of the page body, of content `ref` (Yjs's content numbering) written by `content`. */
export function bodyItem(ref: number, content: (encoder: Y.UpdateEncoderV1) => void) {
  return (encoder: Y.UpdateEncoderV1) => {
    encoder.writeInfo(ref);
    encoder.writeParentInfo(true);
    encoder.writeString(DOCUMENT_FRAGMENT);
    content(encoder);
  };
}

/** A GC struct of length 0: what the collab fuzzer found to make a stored page unloadable. */
export const GC_OF_LENGTH_0 = (encoder: Y.UpdateEncoderV1) => {
  encoder.writeInfo(0);
  encoder.writeLen(0);
};
