"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import type { Editor } from "@tiptap/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { RelativeTime } from "@/components/comments/relative-time";
import { apiCall } from "@/lib/api/browser-call";
import type { z } from "zod";
import type { suggestionView } from "@/lib/api/suggestion-presenters";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "@/lib/editor/suggestion-names";

type SuggestionView = z.infer<typeof suggestionView>;

/** After a burst of typing, the list is read again once the document has been quiet this long. */
const QUIET_MS = 800;

/** Whether the document holds any suggestion: pages without one (most) never ask the server. */
function hasSuggestions(editor: Editor): boolean {
  let found = false;
  editor.state.doc.descendants((node) => {
    if (found) return false;
    found =
      node.attrs[BLOCK_SUGGESTION_ATTRIBUTE] != null ||
      node.marks.some((mark) => mark.type.name === SUGGESTION_INSERT || mark.type.name === SUGGESTION_DELETE);
    return !found;
  });
  return found;
}

const suggestionsApi = {
  list: (pageId: string) =>
    apiCall<{ suggestions: SuggestionView[] }>(`/api/v1/pages/${encodeURIComponent(pageId)}/suggestions`).then((r) => r.suggestions),
  decide: (id: string, decision: "accept" | "reject" | "withdraw") =>
    apiCall<unknown>(`/api/v1/suggestions/${encodeURIComponent(id)}/${decision}`, { method: "POST" }),
  decideAll: (pageId: string, decision: "accept-all" | "reject-all") =>
    apiCall<unknown>(`/api/v1/pages/${encodeURIComponent(pageId)}/suggestions/${decision}`, { method: "POST", body: {} }),
};

type Props = {
  pageId: string;
  userId: string;
  canDecide: boolean;
  /** The live editor (its changes may add or remove suggestions) and the collab provider (decisions by others). */
  editor: Editor | null;
  provider: HocuspocusProvider | undefined;
};

/**
 * The page's pending suggestions as cards, in document order: what each proposes, who and when,
 * with Accept and Reject for editors and owners and Withdraw for its author. Decisions run on the
 * server (through the collab server), so everyone's document changes at once; the list is read
 * again when the document changes or the server says a decision was made.
 */
export function SuggestionsPanel({ pageId, userId, canDecide, editor, provider }: Props) {
  const [suggestions, setSuggestions] = useState<SuggestionView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = useRef(0);
  useEffect(() => {
    shown.current = suggestions.length;
  }, [suggestions]);

  const reload = useCallback(async () => {
    try {
      setSuggestions((await suggestionsApi.list(pageId)).filter((s) => s.status === "pending"));
    } catch {
      // A failed read leaves the cards as they were; the next change reads again.
    }
  }, [pageId]);

  useEffect(() => {
    let cancelled = false;
    suggestionsApi
      .list(pageId)
      .then((list) => !cancelled && setSuggestions(list.filter((s) => s.status === "pending")))
      .catch(() => {
        // The next change reads again.
      });
    return () => {
      cancelled = true;
    };
  }, [pageId]);

  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        // Read again only when there is something to show, or cards to take away.
        if (hasSuggestions(editor) || shown.current > 0) void reload();
      }, QUIET_MS);
    };
    editor.on("update", onUpdate);
    return () => {
      clearTimeout(timer);
      editor.off("update", onUpdate);
    };
  }, [editor, reload]);

  useEffect(() => {
    if (!provider) return;
    const onStateless = ({ payload }: { payload: string }) => {
      try {
        if ((JSON.parse(payload) as { type?: unknown }).type === "suggestions-changed") void reload();
      } catch {
        // Not ours.
      }
    };
    provider.on("stateless", onStateless);
    return () => {
      provider.off("stateless", onStateless);
    };
  }, [provider, reload]);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
      void reload();
    }
  };

  if (suggestions.length === 0 && !error) return null;
  return (
    <section aria-labelledby="suggestions-heading" className="mb-6" data-testid="suggestions-panel">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 border-b border-stone-200 pb-2">
        <h2 id="suggestions-heading" className="text-sm font-semibold text-stone-800">
          Suggestions <span className="rounded-full bg-sky-100 px-1.5 text-xs text-sky-900">{suggestions.length}</span>
        </h2>
        <a href="?view=accepted" className="mr-auto text-xs text-sky-800 underline" data-testid="suggestions-view-accepted">
          Read as if accepted
        </a>
        {canDecide && suggestions.length > 1 ? (
          <div className="flex gap-1 text-xs">
            <button
              type="button"
              disabled={busy}
              onClick={() => run(() => suggestionsApi.decideAll(pageId, "accept-all"))}
              className="rounded border border-stone-300 bg-white px-1.5 py-0.5 hover:bg-stone-100"
            >
              Accept all
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => run(() => suggestionsApi.decideAll(pageId, "reject-all"))}
              className="rounded border border-stone-300 bg-white px-1.5 py-0.5 hover:bg-stone-100"
            >
              Reject all
            </button>
          </div>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mb-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <ul className="space-y-2">
        {suggestions.map((s) => (
          <li
            key={s.id}
            className="rounded-md border border-stone-200 bg-white p-3 text-sm shadow-sm"
            data-testid="suggestion-card"
            data-suggestion={s.id}
          >
            <p className="break-words text-stone-900">{s.text}</p>
            <p className="mt-1 text-xs text-stone-600">
              {s.authorName ?? "A former member"} · <RelativeTime iso={s.createdAt} />
            </p>
            <div className="mt-2 flex gap-1.5">
              {canDecide ? (
                <>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => run(() => suggestionsApi.decide(s.id, "accept"))}
                    className="rounded-md bg-stone-800 px-2 py-1 text-xs font-medium text-white hover:bg-stone-700"
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => run(() => suggestionsApi.decide(s.id, "reject"))}
                    className="rounded-md border border-stone-300 bg-white px-2 py-1 text-xs text-stone-800 hover:bg-stone-100"
                  >
                    Reject
                  </button>
                </>
              ) : null}
              {s.authorId === userId ? (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => run(() => suggestionsApi.decide(s.id, "withdraw"))}
                  className="rounded-md border border-stone-300 bg-white px-2 py-1 text-xs text-stone-800 hover:bg-stone-100"
                >
                  Withdraw
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
