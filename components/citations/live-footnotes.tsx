"use client";

import type { Editor } from "@tiptap/react";
import type { RefObject } from "react";
import type { Footnote } from "@/lib/citations/footnotes";
import { FootnoteList, useLiveFootnotes, type SourceBook } from "./footnotes";
import { FootnotePreview } from "./footnote-preview";

/**
 * The live page's notes: the list under the text and the preview on its marks. A component of its
 * own so that recomputing the notes as people type re-renders only this, not the editor's parent
 * (a re-render there hands the editor new options while keystrokes are arriving).
 */
export function LiveFootnotes(props: {
  scope: RefObject<HTMLElement | null>;
  editor: Editor | null;
  editable: boolean;
  wikiId: string;
  book: SourceBook;
  initialNotes: Footnote[];
}) {
  const notes = useLiveFootnotes(props.editor, props.wikiId, props.book, props.initialNotes);
  return (
    <>
      <FootnoteList notes={notes} styleId={props.book.style} />
      <FootnotePreview scope={props.scope} notes={notes} editor={props.editor} editable={props.editable} />
    </>
  );
}
