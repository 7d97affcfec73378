import type { JSONContent } from "@tiptap/core";
import Link from "next/link";
import { TextWithFootnotes } from "@/components/citations/version-footnotes";
import type { Wiki } from "@/db/schema";
import { renderDocumentHTML } from "@/lib/editor/render-html";
import type { PageDirectory } from "@/lib/links/directory";
import { pageFootnotes } from "@/lib/sources/present";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { asIfAllAccepted, listSuggestions } from "@/lib/suggestions/view";

/**
 * The two read-only ways to read a page that holds suggestions, besides the live editor (which
 * shows them): `accepted`, as if every pending suggestion were accepted, and
 * `without-suggestions`, the text of record that history, search and exports read.
 */
export const SUGGESTION_VIEWS = ["accepted", "without-suggestions"] as const;
export type SuggestionViewKind = (typeof SUGGESTION_VIEWS)[number];

export function isSuggestionView(value: unknown): value is SuggestionViewKind {
  return SUGGESTION_VIEWS.includes(value as SuggestionViewKind);
}

/** The address of a page read in one of the suggestion views. */
export function suggestionViewHref(pageHref: string, view: SuggestionViewKind): string {
  return `${pageHref}?view=${view}`;
}

type Props = {
  view: SuggestionViewKind;
  /** The page's current content, pending suggestions included. */
  json: JSONContent;
  title: string;
  pageHref: string;
  wiki: Pick<Wiki, "id" | "citationStyle">;
  directory: PageDirectory;
};

/**
 * A page as it would read with its suggestions decided one way or the other, rendered on the
 * server by the same renderer as the page's first paint, under a banner that says which reading
 * it is and leads back to the page.
 */
export async function SuggestionView({ view, json, title, pageHref, wiki, directory }: Props) {
  const pending = listSuggestions(json).length;
  const shown = view === "accepted" ? asIfAllAccepted(json) : contentWithoutSuggestions(json);
  const other: SuggestionViewKind = view === "accepted" ? "without-suggestions" : "accepted";
  const count = pending === 1 ? "1 pending suggestion" : `${pending} pending suggestions`;
  const notes = await pageFootnotes(shown, wiki);
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
      <div className="rounded-md border border-sky-300 bg-sky-50 px-4 py-3 text-sm" role="note" data-testid="suggestion-view-banner">
        {view === "accepted" ? (
          <>
            You are reading this page <strong>as if all its suggestions were accepted</strong> ({count}). Nothing has been accepted yet.
          </>
        ) : (
          <>
            You are reading this page <strong>without its suggestions</strong> ({count} left out): the text that history, search and exports
            read.
          </>
        )}{" "}
        <Link href={pageHref} className="underline" data-testid="suggestion-view-back">
          Back to the page with suggestions
        </Link>
        {" · "}
        <Link href={suggestionViewHref(pageHref, other)} className="underline">
          {other === "accepted" ? "Read it as if all were accepted" : "Read it without suggestions"}
        </Link>
      </div>
      <h1 className="font-serif text-3xl font-semibold leading-tight">{title}</h1>
      <TextWithFootnotes notes={notes} styleId={wiki.citationStyle}>
        <article
          className="prose-legal document-text"
          data-testid="suggestion-view-content"
          dangerouslySetInnerHTML={{ __html: renderDocumentHTML(shown, directory) }}
        />
      </TextWithFootnotes>
    </main>
  );
}
