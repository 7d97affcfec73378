/**
 * Whether an error is a write refused by a unique key, on either dialect: better-sqlite3's
 * SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, PostgreSQL's 23505. Drizzle wraps driver errors
 * (DrizzleQueryError), so the causes are walked. On PostgreSQL this is how a command learns that a
 * concurrent transaction inserted the same key between its check and its insert: the unique index
 * makes the second insert wait for the first to commit and then refuses it.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}
