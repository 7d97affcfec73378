"use client";

import type { PageSuggestions } from "./use-page-suggestions";

type Props = {
  suggestions: PageSuggestions;
  /** Editors and owners: they accept and reject. */
  canDecide: boolean;
};

const smallButton = "rounded border border-stone-300 bg-white px-1.5 py-0.5 hover:bg-stone-100 disabled:opacity-50";

/**
 * The head of the page's suggestions in the side panel: how many are pending, and Accept all /
 * Reject all for editors and owners, also per author when several people suggested. The cards
 * themselves sit among the comment threads, in the order of the text (CommentsPanel).
 */
export function SuggestionsPanel({ suggestions, canDecide }: Props) {
  const { pending, busy, error, decideAll } = suggestions;
  if (pending.length === 0 && !error) return null;
  const authors = new Map<string, { name: string; count: number }>();
  for (const s of pending) {
    const known = authors.get(s.authorId);
    authors.set(s.authorId, { name: s.authorName ?? "A former member", count: (known?.count ?? 0) + 1 });
  }
  return (
    <section aria-labelledby="suggestions-heading" className="mb-4" data-testid="suggestions-panel">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 border-b border-stone-200 pb-2">
        <h2 id="suggestions-heading" className="text-sm font-semibold text-stone-800">
          Suggestions <span className="rounded-full bg-sky-100 px-1.5 text-xs text-sky-900">{pending.length}</span>
        </h2>
        <a href="?view=accepted" className="mr-auto text-xs text-sky-800 underline" data-testid="suggestions-view-accepted">
          Read as if accepted
        </a>
        {canDecide && pending.length > 1 ? (
          <div className="flex gap-1 text-xs">
            <button type="button" disabled={busy} onClick={() => decideAll("accept")} className={smallButton}>
              Accept all
            </button>
            <button type="button" disabled={busy} onClick={() => decideAll("reject")} className={smallButton}>
              Reject all
            </button>
          </div>
        ) : null}
      </div>
      {canDecide && authors.size > 1 ? (
        <ul aria-label="Suggestions by author" className="mb-2 space-y-1 text-xs text-stone-700" data-testid="suggestions-by-author">
          {[...authors].map(([authorId, { name, count }]) => (
            <li key={authorId} className="flex flex-wrap items-center gap-1" data-author={authorId}>
              <span className="mr-auto min-w-0 truncate">
                {name} <span className="text-stone-500">({count})</span>
              </span>
              <button
                type="button"
                disabled={busy}
                onClick={() => decideAll("accept", authorId)}
                aria-label={`Accept all by ${name}`}
                className={smallButton}
              >
                Accept all
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => decideAll("reject", authorId)}
                aria-label={`Reject all by ${name}`}
                className={smallButton}
              >
                Reject all
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p role="alert" className="mb-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </section>
  );
}
