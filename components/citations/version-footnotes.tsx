"use client";

import { useRef, type ReactNode } from "react";
import type { Footnote } from "@/lib/citations/footnotes";
import { FootnoteList } from "./footnotes";
import { FootnotePreview } from "./footnote-preview";

/** A fixed text (a version) with its notes: marks preview their note and lead to it, read-only. */
export function TextWithFootnotes({ notes, styleId, children }: { notes: Footnote[]; styleId: string; children: ReactNode }) {
  const scope = useRef<HTMLDivElement>(null);
  return (
    <div ref={scope} className="relative" data-footnote-scope>
      {children}
      <FootnoteList notes={notes} styleId={styleId} />
      <FootnotePreview scope={scope} notes={notes} editor={null} editable={false} />
    </div>
  );
}
