/**
 * CSV as RFC 4180 has it (comma-separated, CRLF line ends, fields with a comma, quote or line
 * break in double quotes, quotes doubled), made safe to open in a spreadsheet.
 */

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"),
// so a page titled =HYPERLINK(...) could act when an owner opens the export.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: neutralised against formula injection, then quoted if it needs to be. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ending with CRLF. */
export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvField).join(",") + "\r\n";
}
