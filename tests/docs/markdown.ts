import fs from "node:fs";
import path from "node:path";

/** The repository root (this file is tests/docs/markdown.ts). */
export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export function readDoc(relativePath: string): string {
  return fs.readFileSync(path.join(ROOT, relativePath), "utf8");
}

/** Text with fenced code blocks blanked out, line count kept, so examples are not read as prose. */
export function withoutCodeBlocks(markdown: string): string {
  let inFence = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*```/.test(line)) {
        inFence = !inFence;
        return "";
      }
      return inFence ? "" : line;
    })
    .join("\n");
}

/** One row of a pipe table, split into trimmed cells (a `\|` inside a cell does not split it). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/**
 * The rows of the first pipe table whose header row is exactly `header`, as objects keyed by the
 * header's cells. Throws when there is no such table, so a renamed column fails loudly.
 */
export function tableRows(markdown: string, header: string[]): Record<string, string>[] {
  const lines = withoutCodeBlocks(markdown).split("\n");
  const start = lines.findIndex((line) => line.trim().startsWith("|") && cells(line).join("\u0000") === header.join("\u0000"));
  if (start === -1) throw new Error(`no table with the columns ${header.join(" | ")}`);
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith("|")) break;
    const row = cells(line);
    rows.push(Object.fromEntries(header.map((name, i) => [name, row[i] ?? ""])));
  }
  return rows;
}

/** Every `code span` in a cell, without the backticks. */
export function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}

/** Targets of inline links and images, `[text](target)`, outside code blocks and code spans. */
export function linkTargets(markdown: string): string[] {
  const prose = withoutCodeBlocks(markdown).replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
}

/**
 * The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces to hyphens,
 * repeats numbered (`-1`, `-2`).
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCodeBlocks(markdown).split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1].replace(/`/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}
