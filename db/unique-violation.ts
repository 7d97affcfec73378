import { driverError } from "./driver-error";

/**
 * Whether an error is a write refused by a unique key, on either dialect: better-sqlite3's
 * SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, PostgreSQL's 23505 (under drizzle's wrapping, see
 * ./driver-error.ts). On PostgreSQL this is how a command learns that a concurrent transaction
 * inserted the same key between its check and its insert: the unique index makes the second
 * insert wait for the first to commit and then refuses it.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverError(error)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
