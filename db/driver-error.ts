/**
 * The database driver's own error under whatever wraps it (drizzle's DrizzleQueryError keeps it
 * as `cause`): the first error in the cause chain with a string `code` — better-sqlite3's
 * "SQLITE_…" codes, or PostgreSQL's SQLSTATE with its `detail`.
 */
export type DriverError = { code: string; detail?: string; message: string };

export function driverError(error: unknown): DriverError | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (typeof (e as { code?: unknown }).code === "string") return e as DriverError;
  return undefined;
}
