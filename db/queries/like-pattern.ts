/** `q` as a LIKE pattern matching it anywhere, its wildcards escaped with a backslash (`ESCAPE '\'`). */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
