import fs from "node:fs";

/**
 * Test-only fault injection ("failpoints"), to prove that storage failures never lose or blank a
 * page. Inert unless OPINIO_FAILPOINTS_FILE is set: then each named point throws while the file's
 * JSON (`{ "fail": ["append", ...] }`) lists it. A test flips failures on and off by rewriting the
 * file while the server runs. The file is re-read only when its mtime changes.
 */
export type Failpoint = "load" | "append" | "compact" | "version";

let cache: { mtimeMs: number; fail: Set<string> } | undefined;

function activeFailpoints(file: string): Set<string> {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return new Set();
  }
  if (cache?.mtimeMs !== mtimeMs) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { fail?: unknown };
      cache = { mtimeMs, fail: new Set(Array.isArray(parsed.fail) ? parsed.fail.map(String) : []) };
    } catch {
      cache = { mtimeMs, fail: new Set() };
    }
  }
  return cache.fail;
}

/** Throws an error shaped like SQLite's when `point` is switched on; a no-op in normal operation. */
export function failpoint(point: Failpoint): void {
  const file = process.env.OPINIO_FAILPOINTS_FILE;
  if (!file || !activeFailpoints(file).has(point)) return;
  throw Object.assign(new Error(`SQLITE_IOERR: injected failure at ${point}`), { code: "SQLITE_IOERR" });
}
