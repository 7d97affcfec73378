"use client";

import { useState } from "react";
import { Button } from "@/components/ui/form";

type Cited = { version: number; permalink: string; paragraph: number | null; citation: string };

/**
 * "Cite": a permalink to a fixed version of the page (and the paragraph at the cursor, if asked)
 * with a ready citation. Asking the server may record the current text as a version first.
 */
export function CiteButton({ pageId, blockAtCursor }: { pageId: string; blockAtCursor: () => string | null }) {
  const [open, setOpen] = useState(false);
  const [withParagraph, setWithParagraph] = useState(false);
  const [cited, setCited] = useState<Cited | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const load = async (paragraph: boolean) => {
    setError(null);
    const blockId = paragraph ? blockAtCursor() : null;
    if (paragraph && !blockId) {
      setError("Put the cursor in a paragraph first.");
      return;
    }
    const response = await fetch(`/api/v1/pages/${pageId}/citation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ blockId }),
    });
    const body = await response.json();
    if (!response.ok) return setError(body.error?.message ?? "Could not cite this page");
    setCited({ ...body, permalink: new URL(body.permalink, window.location.origin).toString() });
  };
  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next) void load(withParagraph);
  };
  const copy = async (what: string, text: string) => {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    setCopied(what);
    setTimeout(() => setCopied(null), 1500);
  };

  return (
    <div className="relative">
      <Button variant="ghost" onClick={toggle} aria-expanded={open} data-testid="cite-button">
        Cite
      </Button>
      {open ? (
        <div
          role="dialog"
          aria-label="Cite this page"
          className="absolute left-0 z-30 mt-1 w-[28rem] space-y-3 rounded-md border border-stone-300 bg-white p-3 text-sm shadow-lg"
          data-testid="cite-dialog"
        >
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={withParagraph}
              onChange={(event) => {
                setWithParagraph(event.target.checked);
                void load(event.target.checked);
              }}
            />
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
                <Button variant="ghost" onClick={() => copy("citation", cited.citation)}>
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
                <Button variant="ghost" onClick={() => copy("link", cited.permalink)}>
                  {copied === "link" ? "Copied" : "Copy link"}
                </Button>
              </div>
            </>
          ) : error ? null : (
            <p className="text-stone-500">Preparing the citation…</p>
          )}
        </div>
      ) : null}
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
