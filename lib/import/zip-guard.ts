import { AppError } from "@/lib/errors";

/** Most a DOCX may unpack to; real documents stay far below, zip bombs far above. */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
const MAX_ENTRIES = 5000;

/**
 * Checks a DOCX's zip directory before anything decompresses it: the entries' declared sizes must
 * add up to less than MAX_UNPACKED_BYTES (a zip bomb declares gigabytes), and the file must be a
 * zip at all. The unzipper (jszip, inside mammoth) checks each entry against its declared size.
 */
export function assertSafeZip(bytes: Buffer): void {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw notDocx();
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw notDocx();
  const entries = bytes.readUInt16LE(end + 10);
  const directoryAt = bytes.readUInt32LE(end + 16);
  if (entries > MAX_ENTRIES) throw tooBig();
  let at = directoryAt;
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw notDocx();
    const uncompressed = bytes.readUInt32LE(at + 24);
    // 0xFFFFFFFF means the real size is in a zip64 field: no Word document needs that.
    if (uncompressed === 0xffffffff) throw tooBig();
    total += uncompressed;
    if (total > MAX_UNPACKED_BYTES) throw tooBig();
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
}

const notDocx = () => new AppError("bad_request", "This file is not a Word document (.docx): it could not be read");
const tooBig = () =>
  new AppError("payload_too_large", `This document unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; it is refused`);
