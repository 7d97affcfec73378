/**
 * Inside an export each page is a chapter whose title is the level-1 heading, so the page's own
 * headings move one level down (an h1 in the page becomes an h2), capped at 6.
 */
export function shiftedHeadingLevel(level: unknown): number {
  const n = Math.trunc(Number(level) || 1);
  return Math.min(6, Math.max(1, n) + 1);
}
