"use client";

import { useEffect } from "react";

const HIGHLIGHT_NAME = "search-hit";
/** The page body: the server-rendered article first, then the live editor that replaces it. */
const BODY_SELECTOR = '[data-testid="editor"], [data-testid="server-rendered"]';
/** Other people's caret labels sit inside the text and are not part of it. */
const SKIP_SELECTOR = ".collaboration-carets__caret, .collaboration-carets__label";

/**
 * Lands on a search hit: finds the first occurrence of `text` (case-insensitive) in the page
 * body, marks it and scrolls it into view. The body is re-rendered once the live editor takes
 * over from the server HTML, so it looks again whenever the body element changes, until the
 * reader scrolls, clicks or types. Marking uses the CSS Custom Highlight API, which leaves the
 * editor's DOM (owned by ProseMirror) untouched; without it, the enclosing block gets a class.
 */
export function SearchLanding({ text }: { text: string }) {
  useEffect(() => {
    const needle = text.trim().toLowerCase();
    if (!needle) return;
    let body: Element | null = null;
    let fallback: Element | null = null;
    let stopped = false;
    const land = () => {
      const current = document.querySelector(BODY_SELECTOR);
      if (!current || current === body) return;
      const range = findText(current, needle);
      if (!range) return;
      body = current;
      if (typeof CSS !== "undefined" && "highlights" in CSS) {
        CSS.highlights.set(HIGHLIGHT_NAME, new Highlight(range));
      } else {
        fallback?.classList.remove("search-hit-fallback");
        fallback = range.startContainer.parentElement?.closest("p, li, h1, h2, h3, h4, td, th, blockquote") ?? null;
        fallback?.classList.add("search-hit-fallback");
      }
      if (!stopped) scrollToRange(range);
    };
    const observer = new MutationObserver(land);
    observer.observe(document.body, { childList: true, subtree: true });
    land();
    // Once the reader takes over, the page stops moving under them.
    const stop = () => {
      stopped = true;
    };
    const events = ["wheel", "pointerdown", "keydown", "touchstart"] as const;
    for (const event of events) window.addEventListener(event, stop, { once: true, passive: true });
    // The live editor arrives within seconds; after that, nothing is worth watching for.
    const timer = setTimeout(() => observer.disconnect(), 15_000);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
      for (const event of events) window.removeEventListener(event, stop);
      if (typeof CSS !== "undefined" && "highlights" in CSS) CSS.highlights.delete(HIGHLIGHT_NAME);
      fallback?.classList.remove("search-hit-fallback");
    };
  }, [text]);
  return null;
}

/** The first occurrence of `needle` (lower case) in the text of `root`, even across text nodes. */
function findText(root: Element, needle: string): Range | null {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest(SKIP_SELECTOR) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  // Lower-casing can change a string's length (e.g. "İ"); such a text only misplaces the mark.
  const at = nodes
    .map((node) => node.data)
    .join("")
    .toLowerCase()
    .indexOf(needle);
  if (at < 0) return null;
  const locate = (offset: number, isEnd: boolean): [Text, number] | null => {
    let passed = 0;
    for (const node of nodes) {
      const end = passed + node.data.length;
      if (isEnd ? offset <= end : offset < end) return [node, offset - passed];
      passed = end;
    }
    return null;
  };
  const start = locate(at, false);
  const end = locate(at + needle.length, true);
  if (!start || !end) return null;
  const range = document.createRange();
  range.setStart(...start);
  range.setEnd(...end);
  return range;
}

/** A third of the way down the window, where the eye goes first (also when it was already on screen: the live editor moves it). */
function scrollToRange(range: Range): void {
  const rect = range.getBoundingClientRect();
  window.scrollTo({ top: window.scrollY + rect.top - window.innerHeight / 3, behavior: "instant" });
}
