"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const SIDEBAR_ID = "wiki-sidebar";
/** Where the sidebar stops being a drawer and becomes a column beside the content (Tailwind's lg). */
const WIDE = "(min-width: 1024px)";

/**
 * The wiki's navigation. From 1024px wide it is a column beside the content; below that it is a
 * drawer, opened by the header's Pages button (PagesButton). The drawer is a popover (the
 * browser's Popover API), which brings what a drawer needs without script: Escape and a click
 * outside close it, the focus goes back to the button, and it opens before hydration. The column
 * and the closed drawer are laid out the same by the server's HTML and the browser's, so nothing
 * shifts when the page comes alive.
 */
export function WikiSidebar({ children }: { children: React.ReactNode }) {
  const nav = useRef<HTMLElement>(null);
  const pathname = usePathname();

  // Following a link in the drawer closes it, and so does widening the window past the drawer's range.
  useEffect(() => close(nav.current), [pathname]);
  useEffect(() => {
    const wide = window.matchMedia(WIDE);
    const onChange = () => close(nav.current);
    wide.addEventListener("change", onChange);
    return () => wide.removeEventListener("change", onChange);
  }, []);

  return (
    <nav
      ref={nav}
      id={SIDEBAR_ID}
      popover="auto"
      aria-label="Pages"
      className="fixed inset-y-0 left-0 right-auto m-0 h-full w-80 max-w-[85vw] space-y-4 overflow-y-auto border-0 border-r border-stone-200 bg-[#fbfaf7] p-3 shadow-xl backdrop:bg-stone-900/30 lg:sticky lg:top-0 lg:bottom-auto lg:block lg:h-screen lg:w-64 lg:max-w-none lg:shrink-0 lg:bg-stone-50/60 lg:shadow-none"
      data-testid="wiki-sidebar"
    >
      {children}
    </nav>
  );
}

function close(nav: HTMLElement | null) {
  if (nav?.matches(":popover-open")) nav.hidePopover();
}

/** Opens the sidebar drawer on screens too narrow for the sidebar column. */
export function PagesButton() {
  return (
    <button
      type="button"
      popoverTarget={SIDEBAR_ID}
      className="inline-flex shrink-0 items-center gap-1.5 rounded-md border border-stone-300 bg-white px-2 py-1 text-sm text-stone-700 hover:bg-stone-100 lg:hidden"
      data-testid="pages-button"
    >
      {/* On phones the glyph alone: the header has no room for the word (still the button's name). */}
      <span aria-hidden>☰</span>
      <span className="sr-only sm:not-sr-only">Pages</span>
    </button>
  );
}
