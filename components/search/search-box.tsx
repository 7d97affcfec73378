"use client";

import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { loadWhenIdle } from "@/components/ui/load-when-idle";

/*
 * The palette itself is a chunk of its own: every wiki page shows the button, few open the
 * palette, and none before the page is ready. It is fetched once the browser is idle, so Ctrl-K
 * rarely waits for it.
 */
const loadPalette = () => import("./search-palette");
const SearchPalette = lazy(() => loadPalette().then((module) => ({ default: module.SearchPalette })));

/** The header's search: a button that opens the search palette (search-palette.tsx), also on Ctrl/Cmd-K from anywhere. */
export function SearchBox({ wiki }: { wiki?: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setOpen(true);
      }
    };
    // Capture phase: the editor must not get Ctrl-K first.
    window.addEventListener("keydown", onKey, true);
    const cancelLoad = loadWhenIdle(loadPalette);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      cancelLoad();
    };
  }, []);

  return (
    <>
      <button
        ref={trigger}
        type="button"
        onClick={() => setOpen(true)}
        className="flex shrink-0 items-center justify-between gap-2 rounded-md border border-stone-300 bg-white px-2.5 py-1.5 text-sm text-stone-500 hover:border-stone-400 sm:w-48 sm:px-3 lg:w-64"
        aria-haspopup="dialog"
      >
        {/* On phones a magnifier alone: the header has no room for the words (still the button's name). */}
        <svg aria-hidden viewBox="0 0 20 20" className="size-4 sm:hidden">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="m13 13 4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <span className="sr-only sm:not-sr-only">Search…</span>
        <kbd className="hidden rounded border border-stone-200 px-1 text-xs text-stone-500 sm:inline">Ctrl K</kbd>
      </button>
      {/* In a portal: the header's backdrop blur would otherwise confine the fixed overlay to the header. */}
      {open
        ? createPortal(
            <Suspense fallback={null}>
              <SearchPalette
                wiki={wiki}
                onClose={() => {
                  setOpen(false);
                  trigger.current?.focus();
                }}
              />
            </Suspense>,
            document.body,
          )
        : null}
    </>
  );
}
