/**
 * Ranks page titles for the `[[` picker: whole-title prefix first, then word prefix, then
 * substring, then the query's letters in order (subsequence), shorter titles first within a rank.
 * Tiny on purpose: a wiki has hundreds of pages, not millions.
 */
export function fuzzyRank<T>(items: T[], query: string, titleOf: (item: T) => string, limit = 8): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return items.slice(0, limit);
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    const title = titleOf(item).toLowerCase();
    const score = scoreTitle(title, q);
    if (score !== null) scored.push({ item, score: score * 1000 + title.length });
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((s) => s.item);
}

function scoreTitle(title: string, query: string): number | null {
  if (title.startsWith(query)) return 0;
  if (title.split(/[\s\-–—:,()]+/).some((word) => word.startsWith(query))) return 1;
  if (title.includes(query)) return 2;
  let at = 0;
  for (const char of query) {
    if (char === " ") continue;
    at = title.indexOf(char, at);
    if (at < 0) return null;
    at += 1;
  }
  return 3;
}
