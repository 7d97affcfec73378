/**
 * U+0000 in what a person or client sends. PostgreSQL's text cannot hold it (a query carrying one
 * fails with 22021, which reached people as a 500 on PostgreSQL while SQLite stored it), and no
 * title, comment or search means it, so requests carrying one are refused on both databases.
 */
export const NUL_MESSAGE = "Text may not contain the NUL character (U+0000)";

/** Whether any string in `value` (nested in arrays and objects, keys too) contains U+0000. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") return Object.entries(value).some(([key, item]) => key.includes("\u0000") || containsNul(item));
  return false;
}

/** A URL's path or query carries a NUL only percent-encoded (a raw one cannot cross HTTP). */
export function urlContainsNul(url: string): boolean {
  return /%00/.test(url);
}

/**
 * `text` without U+0000. For what Opinio derives from a document (its text, links and
 * citations): a collaborative document is written by clients over Yjs, not through a request
 * that could be refused, and a derived row carrying a NUL would fail to store on PostgreSQL.
 */
export function withoutNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}
