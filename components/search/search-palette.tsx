"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { keepTabInside } from "@/components/ui/focus-trap";
import type { SearchHit } from "@/lib/search/present";

type Kind = "all" | "pages" | "comments";
const KINDS: { value: Kind; label: string }[] = [
  { value: "all", label: "All" },
  { value: "pages", label: "Pages" },
  { value: "comments", label: "Comments" },
];
const SHOWN = 8;
const DEBOUNCE_MS = 150;

/**
 * The search palette opened by the header's search button or Ctrl/Cmd-K (search-box.tsx), loaded
 * on its own. It searches as you type through the REST endpoint; inside a wiki it starts on "this
 * wiki". Up/Down move through the results, Enter opens one (or, with none chosen, the full results
 * page), Escape closes. A hand-written listbox: cmdk is not among the installed packages and
 * this needs only a combobox with aria-activedescendant.
 */
export function SearchPalette({ wiki, onClose }: { wiki?: { id: string; name: string }; onClose: () => void }) {
  const router = useRouter();
  const listId = useId();
  const [q, setQ] = useState("");
  const [scope, setScope] = useState<"wiki" | "all">(wiki ? "wiki" : "all");
  const [kind, setKind] = useState<Kind>("all");
  const [found, setFound] = useState<SearchHit[]>([]);
  /** The query string the shown results answer (also lets tests wait for a narrowed search). */
  const [searched, setSearched] = useState("");
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const wikiParam = scope === "wiki" && wiki ? wiki.id : "all";
  // Results of an earlier query stay out of sight once the box is emptied.
  const hits = q.trim() ? found : [];

  useEffect(() => {
    const term = q.trim();
    if (!term) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const params = new URLSearchParams({ q: term, wiki: wikiParam, kind, limit: String(SHOWN) });
        const response = await fetch(`/api/v1/search?${params}`, { signal: controller.signal });
        const body = await response.json();
        if (!response.ok) throw new Error(body.error?.message ?? "Search failed");
        setFound(body.results as SearchHit[]);
        setSearched(params.toString());
        setActive(body.results.length > 0 ? 0 : -1);
        setError(null);
      } catch (caught) {
        // A newer keystroke aborted this request; anything else is worth saying.
        if (!controller.signal.aborted) setError(caught instanceof Error ? caught.message : String(caught));
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, wikiParam, kind]);

  const allResultsUrl = `/search?${new URLSearchParams({ q: q.trim(), wiki: wikiParam, kind })}`;
  const go = (url: string) => {
    onClose();
    router.push(url);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    keepTabInside(event, event.currentTarget);
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    } else if (event.key === "ArrowDown" && hits.length > 0) {
      event.preventDefault();
      setActive((i) => (i + 1) % hits.length);
    } else if (event.key === "ArrowUp" && hits.length > 0) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? hits.length - 1 : i - 1));
    } else if (event.key === "Enter" && event.target instanceof HTMLInputElement && !event.nativeEvent.isComposing) {
      // Only from the search field: Enter on a scope or kind button presses that button.
      event.preventDefault();
      if (active >= 0 && hits[active]) go(hits[active].url);
      else if (q.trim()) go(allResultsUrl);
    }
  };

  const toggle = (pressed: boolean) =>
    `rounded px-2 py-0.5 text-xs ${pressed ? "bg-orange-900 text-white" : "text-stone-600 hover:bg-stone-100"}`;

  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-stone-900/30 px-4 pt-[12vh]" onMouseDown={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Search"
        data-testid="search-palette"
        className="w-full max-w-xl overflow-hidden rounded-lg border border-stone-200 bg-white shadow-2xl"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <input
          autoFocus
          value={q}
          onChange={(event) => setQ(event.target.value)}
          placeholder='Search titles, pages and comments — e.g. "due diligence" A/70/174'
          role="combobox"
          aria-label="Search pages and comments"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
          aria-autocomplete="list"
          className="w-full border-b border-stone-200 px-4 py-3 text-base focus:outline-none"
        />
        <div className="flex flex-wrap items-center gap-3 border-b border-stone-100 px-4 py-2">
          {wiki ? (
            <div role="group" aria-label="Where" className="flex gap-1">
              <button type="button" aria-pressed={scope === "wiki"} className={toggle(scope === "wiki")} onClick={() => setScope("wiki")}>
                This wiki
              </button>
              <button type="button" aria-pressed={scope === "all"} className={toggle(scope === "all")} onClick={() => setScope("all")}>
                All wikis
              </button>
            </div>
          ) : null}
          <div role="group" aria-label="What" className="flex gap-1">
            {KINDS.map((k) => (
              <button
                key={k.value}
                type="button"
                aria-pressed={kind === k.value}
                className={toggle(kind === k.value)}
                onClick={() => setKind(k.value)}
              >
                {k.label}
              </button>
            ))}
          </div>
        </div>
        <ul
          id={listId}
          role="listbox"
          aria-label="Results"
          className="max-h-[50vh] overflow-y-auto"
          data-testid="search-suggestions"
          data-results-for={searched}
        >
          {hits.map((hit, i) => (
            <li
              key={`${hit.kind}:${hit.id}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseMove={() => setActive(i)}
              onClick={() => go(hit.url)}
              className={`cursor-pointer px-4 py-2 text-sm ${i === active ? "bg-amber-50" : ""}`}
            >
              <span className="font-medium text-orange-950 [&_mark]:bg-amber-200" dangerouslySetInnerHTML={{ __html: hit.titleHtml }} />
              <span className="ml-2 text-xs uppercase tracking-wide text-stone-500">
                {hit.kind === "comment" ? "comment" : "page"} · {hit.wikiName}
              </span>
              <span
                className="mt-0.5 block text-xs text-stone-600 [&_mark]:bg-amber-200"
                dangerouslySetInnerHTML={{ __html: hit.snippetHtml }}
              />
            </li>
          ))}
        </ul>
        {error ? <p className="px-4 py-3 text-sm text-red-800">{error}</p> : null}
        {!error && q.trim() && new URLSearchParams(searched).get("q") === q.trim() && hits.length === 0 ? (
          <p className="px-4 py-3 text-sm text-stone-600">Nothing found.</p>
        ) : null}
        <div className="flex items-center justify-between border-t border-stone-100 bg-stone-50 px-4 py-2 text-xs text-stone-500">
          <span>↑↓ move · Enter open · Esc close</span>
          {q.trim() ? (
            <a
              href={allResultsUrl}
              onClick={(event) => (event.preventDefault(), go(allResultsUrl))}
              className="text-orange-900 hover:underline"
            >
              All results →
            </a>
          ) : null}
        </div>
      </div>
    </div>
  );
}
