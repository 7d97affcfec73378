import fs from "node:fs";

/**
 * Test-only fault injection ("failpoints"), to prove that storage failures and crashes never lose
 * or blank a page. Inert unless OPINIO_FAILPOINTS_FILE is set: then each named point throws while
 * the file's JSON lists it under `fail` (`{ "fail": ["append", ...] }`), and kills the process with
 * SIGKILL, there and then, while it is listed under `crash` (`{ "crash": ["append-before-commit"] }`):
 * a crash at a chosen moment, such as inside a transaction before its commit, which a kill from
 * outside can only hit by chance. A test flips points on and off by rewriting the file while the
 * server runs. The file is re-read only when its stat changes (times, size, inode).
 */
export type Failpoint =
  | "load"
  | "append"
  /** Inside the group commit's transaction, its rows written, before the commit. */
  | "append-before-commit"
  /** The group commit's transaction committed, before its held acknowledgements are released. */
  | "append-after-commit"
  | "compact"
  /** Inside the compaction's transaction, the state written and the log trimmed, before the commit. */
  | "compact-before-commit"
  | "version"
  /** On a page's owner, a change asked by another instance made, before the answer is sent. */
  | "owner-answer";

type Active = { fail: Set<string>; crash: Set<string> };

const NONE: Active = { fail: new Set(), crash: new Set() };

let cache: { version: string; active: Active } | undefined;

const names = (value: unknown) => new Set(Array.isArray(value) ? value.map(String) : []);

function activeFailpoints(file: string): Active {
  let version: string;
  try {
    // Not the mtime alone: a test that rewrites the file twice within the clock's tick, or sets a
    // time it set before, would go unnoticed (a version recorded while "version" was listed).
    const stat = fs.statSync(file);
    version = `${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return NONE;
  }
  if (cache?.version !== version) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { fail?: unknown; crash?: unknown };
      cache = { version, active: { fail: names(parsed.fail), crash: names(parsed.crash) } };
    } catch {
      cache = { version, active: NONE };
    }
  }
  return cache.active;
}

/**
 * Kills the process when `point` is listed to crash, or throws an error shaped like SQLite's when
 * it is listed to fail; a no-op in normal operation.
 */
export function failpoint(point: Failpoint): void {
  const file = process.env.OPINIO_FAILPOINTS_FILE;
  if (!file) return;
  const active = activeFailpoints(file);
  // SIGKILL, not an exit: no handler, no flush, no socket closed in order, as a power cut.
  if (active.crash.has(point)) process.kill(process.pid, "SIGKILL");
  if (!active.fail.has(point)) return;
  throw Object.assign(new Error(`SQLITE_IOERR: injected failure at ${point}`), { code: "SQLITE_IOERR" });
}

/**
 * `point` as a callback for a write to call just before its commit, or undefined when failpoints
 * are off: a write given none may take a faster path with no moment between its rows and its
 * commit (db/postgres/queries/page-content.ts: `appendPageUpdates` in one call).
 */
export function failpointBeforeCommit(point: Failpoint): (() => void) | undefined {
  return process.env.OPINIO_FAILPOINTS_FILE ? () => failpoint(point) : undefined;
}
