import { ExternalHyperlink, FootnoteReferenceRun, Paragraph, TextRun, type ParagraphChild } from "docx";
import type { FootnoteRun } from "@/lib/citations/footnotes";
import { isSafeHref } from "@/lib/editor/safe-href";
import type { InlineChanges, TrackedChanges } from "./docx-tracked-changes";

/** A ProseMirror mark as export writers see it (only link carries an attribute we use). */
export type MarkLike = { type: string; attrs?: Record<string, unknown> };

export const CODE_FONT = "Courier New";

/** The Word run properties for a set of marks (links are wrapped separately). */
export function runOptions(marks: readonly MarkLike[] | undefined, code = false) {
  const types = new Set((marks ?? []).map((m) => m.type));
  return {
    bold: types.has("bold") || undefined,
    italics: types.has("italic") || undefined,
    underline: types.has("underline") ? {} : undefined,
    strike: types.has("strike") || undefined,
    font: code || types.has("code") ? CODE_FONT : undefined,
  };
}

/** A safe link target of a set of marks, if any. */
export function linkHref(marks: readonly MarkLike[] | undefined): string | null {
  const link = (marks ?? []).find((m) => m.type === "link");
  const href = typeof link?.attrs?.href === "string" ? link.attrs.href.trim() : "";
  return href && isSafeHref(href) && !href.startsWith("/") && !href.startsWith("#") ? href : null;
}

/** A piece of text a pending suggestion inserts or deletes (the `suggestions=tracked` export). */
export type TrackedRun = { tracker: TrackedChanges; changes: InlineChanges };

/**
 * Text runs for a piece of text; newlines (hard breaks) become Word line breaks. With `tracked`,
 * the runs are Word tracked changes.
 */
export function textRuns(
  text: string,
  marks: readonly MarkLike[] | undefined,
  code = false,
  style?: string,
  tracked?: TrackedRun,
): ParagraphChild[] {
  return text.split("\n").flatMap((line, i) => {
    const options = { text: line, break: i > 0 ? 1 : undefined, style, ...runOptions(marks, code) };
    const changed = tracked?.tracker.runs(options, tracked.changes) ?? [];
    return changed.length > 0 ? changed : [new TextRun(options)];
  });
}

/** Runs for text, inside a hyperlink when the marks carry a safe external link. */
export function markedText(text: string, marks: readonly MarkLike[] | undefined, code = false, tracked?: TrackedRun): ParagraphChild[] {
  const href = linkHref(marks);
  if (!href) return textRuns(text, marks, code, undefined, tracked);
  return [new ExternalHyperlink({ link: href, children: textRuns(text, marks, code, "Hyperlink", tracked) })];
}

export function footnoteReference(id: number): FootnoteReferenceRun {
  return new FootnoteReferenceRun(id);
}

/** A footnote's text as a Word paragraph, italics where the citation style puts them. */
export function footnoteParagraph(footnote: { runs: readonly FootnoteRun[] }): Paragraph {
  return new Paragraph({ children: footnote.runs.map((run) => new TextRun({ text: run.text, italics: run.italic || undefined })) });
}
