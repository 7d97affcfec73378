"use client";

import type { JSONContent } from "@tiptap/core";
import type { Editor } from "@tiptap/react";
import { useEffect, useMemo, useState } from "react";
import type { CitableSource, computeFootnotes, Footnote, FootnoteRun } from "@/lib/citations/footnotes";
import { styleLabel } from "@/lib/citations/styles/labels";

export type SourceBook = {
  style: string;
  sources: CitableSource[];
  /** Sources merged away, by id: their citations read as the survivor. */
  mergedInto: Record<string, string>;
};

export function Runs({ runs }: { runs: FootnoteRun[] }) {
  return runs.map((run, i) => (run.italic ? <em key={i}>{run.text}</em> : <span key={i}>{run.text}</span>));
}

/** The footnote list under a page, numbered as the marks in the text (document order), naming the style it follows. */
export function FootnoteList({ notes, styleId }: { notes: Footnote[]; styleId: string }) {
  if (notes.length === 0) return null;
  return (
    <section aria-label="Footnotes" className="mt-8 border-t border-stone-200 pt-3 text-sm text-stone-700" data-testid="footnotes">
      <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-stone-500" data-testid="footnotes-style">
        Notes <span className="font-normal normal-case">({styleLabel(styleId)})</span>
      </h2>
      <ol className="list-decimal space-y-1 pl-6">
        {notes.map((note) => (
          // Focusable so "Go to note" from a footnote mark can move the focus here.
          <li
            key={note.number}
            id={footnoteElementId(note.number)}
            tabIndex={-1}
            data-source={note.sourceId ?? ""}
            className="scroll-mt-24 focus:outline-none focus-visible:bg-amber-50"
          >
            <Runs runs={note.runs} />
            {/* The arrow is drawn by CSS (app/globals.css), so a note's text is the citation alone. */}
            <button
              type="button"
              className="footnote-back text-orange-900 hover:underline"
              aria-label={`Back to footnote mark ${note.number} in the text`}
              onClick={(event) => backToMark(event.currentTarget, note.number)}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}

export const footnoteElementId = (number: number) => `footnote-${number}`;

/** The footnote marks of the text a list belongs to, in document order (mark n is note n). */
export function footnoteMarks(scope: ParentNode): HTMLElement[] {
  return [...scope.querySelectorAll<HTMLElement>(".prose-legal sup.citation")];
}

/** Scrolls back to mark `number` of the text the list belongs to, and flashes it. */
function backToMark(from: HTMLElement, number: number) {
  const mark = footnoteMarks(from.closest("[data-footnote-scope]") ?? document)[number - 1];
  if (!mark) return;
  mark.scrollIntoView({ block: "center" });
  mark.classList.add("citation-flash");
  setTimeout(() => mark.classList.remove("citation-flash"), 1500);
}

/**
 * Footnotes of the live document, recomputed as co-authors type (at most every 150 ms): a
 * citation inserted or moved anywhere renumbers the list as the counter renumbers the marks.
 * A source added by someone else after this page loaded is fetched once when first cited.
 * Until the live editor is there, the notes are the server's; the code that words them (the
 * styles, with the Bluebook's tables) loads with it, not with the page's first script.
 */
export function useLiveFootnotes(editor: Editor | null, wikiId: string, book: SourceBook, initialNotes: Footnote[]): Footnote[] {
  const [doc, setDoc] = useState<JSONContent | null>(null);
  const [extra, setExtra] = useState<CitableSource[]>([]);
  const [compute, setCompute] = useState<typeof computeFootnotes | null>(null);
  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (!editor.isDestroyed) setDoc(editor.getJSON());
      }, 150);
    };
    update();
    editor.on("update", update);
    return () => {
      editor.off("update", update);
      if (timer) clearTimeout(timer);
    };
  }, [editor]);

  useEffect(() => {
    if (!doc || compute) return;
    let cancelled = false;
    void import("@/lib/citations/footnotes").then((module) => {
      if (!cancelled) setCompute(() => module.computeFootnotes);
    });
    return () => {
      cancelled = true;
    };
  }, [doc, compute]);

  const lookup = useMemo(() => {
    const byId = new Map([...book.sources, ...extra].map((s) => [s.id, s]));
    return (id: string) => byId.get(book.mergedInto[id] ?? id);
  }, [book, extra]);
  const notes = useMemo(
    () => (doc && compute ? compute(doc, lookup, book.style) : initialNotes),
    [doc, compute, lookup, book.style, initialNotes],
  );
  const missing = notes.some((n) => n.sourceId && !lookup(n.sourceId));

  useEffect(() => {
    if (!missing) return;
    let cancelled = false;
    void fetch(`/api/v1/wikis/${wikiId}/sources`)
      .then((r) => (r.ok ? r.json() : { sources: [] }))
      .then((body: { sources: CitableSource[] }) => {
        if (!cancelled) setExtra(body.sources);
      });
    return () => {
      cancelled = true;
    };
  }, [missing, wikiId]);

  return notes;
}
