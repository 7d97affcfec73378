"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { SearchHit } from "@/lib/search/present";

/**
 * Search as you type, over the wikis the user belongs to. Ctrl/Cmd-K focuses it from anywhere;
 * Enter opens the full results page.
 */
export function SearchBox({ wikiId }: { wikiId?: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const term = q.trim();
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      if (!term) return setHits([]);
      try {
        const params = new URLSearchParams({ q: term, ...(wikiId ? { wiki: wikiId } : {}) });
        const response = await fetch(`/api/v1/search?${params}`, { signal: controller.signal });
        if (response.ok) setHits(((await response.json()).results as SearchHit[]).slice(0, 8));
      } catch {
        // A newer keystroke aborted this request.
      }
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, wikiId]);

  return (
    <div className="relative w-72">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (q.trim()) router.push(`/search?q=${encodeURIComponent(q.trim())}${wikiId ? `&wiki=${wikiId}` : ""}`);
        }}
      >
        <input
          ref={input}
          value={q}
          onChange={(event) => {
            setQ(event.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          placeholder="Search (Ctrl K)"
          aria-label="Search pages and comments"
          className="w-full rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm focus:border-orange-800 focus:outline-none"
        />
      </form>
      {open && q.trim() && hits.length > 0 ? (
        <ul className="absolute right-0 z-30 mt-1 max-h-96 w-[28rem] overflow-y-auto rounded-md border border-stone-200 bg-white shadow-lg" data-testid="search-suggestions">
          {hits.map((hit) => (
            <li key={`${hit.kind}:${hit.id}`}>
              <Link href={hit.url} className="block px-3 py-2 text-sm hover:bg-stone-50">
                <span className="font-medium" dangerouslySetInnerHTML={{ __html: hit.titleHtml }} />
                <span className="ml-2 text-xs uppercase text-stone-500">{hit.kind === "comment" ? "comment" : hit.wikiName}</span>
                <span className="mt-0.5 block text-xs text-stone-600 [&_mark]:bg-amber-200" dangerouslySetInnerHTML={{ __html: hit.snippetHtml }} />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
