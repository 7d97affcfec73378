"use client";

import { Button } from "@/components/ui/form";

/** What the server answers for "Cite": the version cited, its permalink and the citation. */
export type Cited = { version: number; permalink: string; paragraph: number | null; citation: string };

type Props = {
  withParagraph: boolean;
  onWithParagraph: (withParagraph: boolean) => void;
  cited: Cited | null;
  error: string | null;
  /** Which of the two was just copied ("citation" or "link"), to say so on its button. */
  copied: string | null;
  onCopy: (what: string, text: string) => void;
};

/** The "Cite" dialog's contents, loaded on its own when cite-button.tsx first opens it (which keeps the state and asks the server). */
export function CiteDialog({ withParagraph, onWithParagraph, cited, error, copied, onCopy }: Props) {
  return (
    <div
      role="dialog"
      aria-label="Cite this page"
      className="absolute left-0 z-30 mt-1 w-[28rem] space-y-3 rounded-md border border-stone-300 bg-white p-3 text-sm shadow-lg"
      data-testid="cite-dialog"
    >
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={withParagraph} onChange={(event) => onWithParagraph(event.target.checked)} />
        Cite the paragraph at the cursor
      </label>
      {error ? <p className="text-red-700">{error}</p> : null}
      {cited ? (
        <>
          <div>
            <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-stone-500">Citation</p>
            <p className="rounded bg-stone-50 p-2 font-serif" data-testid="citation-text" data-citation={cited.citation}>
              <CitationText citation={cited.citation} />
            </p>
            <Button variant="ghost" onClick={() => onCopy("citation", cited.citation)}>
              {copied === "citation" ? "Copied" : "Copy citation"}
            </Button>
          </div>
          <div>
            <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-stone-500">Permalink to version {cited.version}</p>
            <input
              readOnly
              value={cited.permalink}
              className="w-full rounded border border-stone-300 px-2 py-1 font-mono text-xs"
              data-testid="permalink"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button variant="ghost" onClick={() => onCopy("link", cited.permalink)}>
              {copied === "link" ? "Copied" : "Copy link"}
            </Button>
          </div>
        </>
      ) : error ? null : (
        <p className="text-stone-500">Preparing the citation…</p>
      )}
    </div>
  );
}

/** The citation with what is italic in it (the wiki's name in OSCOLA, the page's title in Bluebook) as the copied text marks it: in asterisks. */
function CitationText({ citation }: { citation: string }) {
  return (
    <>
      {citation
        .split(/(\*[^*]+\*)/)
        .map((part, i) => (part.length > 2 && part.startsWith("*") && part.endsWith("*") ? <em key={i}>{part.slice(1, -1)}</em> : part))}
    </>
  );
}
