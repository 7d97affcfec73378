import type { FootnoteRun } from "../footnotes";

// Building blocks every style file uses to put a footnote together.

export const text = (t: string): FootnoteRun => ({ text: t });
export const italic = (t: string): FootnoteRun => ({ text: t, italic: true });

/**
 * Joins parts into runs: plain strings become roman runs, falsy and empty parts are dropped, and
 * neighbours of the same typeface merge, so a style can write its forms as one flat list.
 */
export function runs(...parts: (FootnoteRun | string | null | undefined | false)[]): FootnoteRun[] {
  const out: FootnoteRun[] = [];
  for (const part of parts) {
    if (!part) continue;
    const run = typeof part === "string" ? text(part) : part;
    if (!run.text) continue;
    const last = out.at(-1);
    if (last && !!last.italic === !!run.italic) last.text += run.text;
    else out.push({ ...run });
  }
  return out;
}

/** "3 March 2027": a moment as a day of the calendar (UTC, so a citation never shifts), for a style to reword. */
export function dayMonthYear(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}
