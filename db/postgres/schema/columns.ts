import { customType, timestamp } from "drizzle-orm/pg-core";

/**
 * Binary columns (Yjs states and updates, relative positions). node-postgres reads `bytea` as a
 * Buffer and writes Buffers as they are, so the TypeScript type is the SQLite schema's
 * (`blob(..., { mode: "buffer" })`).
 */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

/**
 * SQLite keeps times as epoch milliseconds (`integer(..., { mode: "timestamp_ms" })`); PostgreSQL
 * has a real type for them. Both read as `Date`, so query modules see the same types.
 */
export const timestampMs = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
