"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import type { Editor } from "@tiptap/core";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { apiCall } from "@/lib/api/browser-call";
import type { SuggestionView } from "@/lib/api/suggestion-presenters";
import { suggestionPositions } from "@/lib/suggestions/positions";

export type { SuggestionView };
export type SuggestionDecision = "accept" | "reject" | "withdraw";

/** After a burst of typing, the list is read again once the document has been quiet this long. */
const QUIET_MS = 800;

const suggestionsApi = {
  list: (pageId: string) =>
    apiCall<{ suggestions: SuggestionView[] }>(`/api/v1/pages/${encodeURIComponent(pageId)}/suggestions`).then((r) => r.suggestions),
  decide: (id: string, decision: SuggestionDecision) =>
    apiCall<unknown>(`/api/v1/suggestions/${encodeURIComponent(id)}/${decision}`, { method: "POST" }),
  decideAll: (pageId: string, decision: "accept" | "reject", authorId?: string) =>
    apiCall<unknown>(`/api/v1/pages/${encodeURIComponent(pageId)}/suggestions/${decision}-all`, {
      method: "POST",
      body: authorId ? { authorId } : {},
    }),
};

export type PageSuggestions = {
  /** Pending suggestions, in document order as the server listed them. */
  pending: SuggestionView[];
  /** Every suggestion the page has had, decided ones too (their threads say how they ended). */
  all: SuggestionView[];
  /** The list has been read from the server at least once. */
  loaded: boolean;
  busy: boolean;
  error: string | null;
  decide: (id: string, decision: SuggestionDecision) => Promise<void>;
  /** Accepts or rejects every pending suggestion, or only those of `authorId`. */
  decideAll: (decision: "accept" | "reject", authorId?: string) => Promise<void>;
};

/**
 * A page's suggestions, kept current: read again when the document changes (after a pause in the
 * typing, and only when the document holds a suggestion or cards are shown: most pages have none)
 * and when the server says a decision was made. Decisions run on the server (through the collab
 * server), so everyone's document changes at once.
 */
export function usePageSuggestions(pageId: string, editor: Editor | null, provider: HocuspocusProvider | undefined): PageSuggestions {
  const [all, setAll] = useState<SuggestionView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = useMemo(() => all.filter((s) => s.status === "pending"), [all]);
  const shown = useRef(0);
  useEffect(() => {
    shown.current = pending.length;
  }, [pending]);

  const reload = useCallback(async () => {
    try {
      setAll(await suggestionsApi.list(pageId));
    } catch {
      // A failed read leaves the cards as they were; the next change reads again.
    }
  }, [pageId]);

  useEffect(() => {
    let cancelled = false;
    suggestionsApi
      .list(pageId)
      .then((list) => {
        if (cancelled) return;
        setAll(list);
        setLoaded(true);
      })
      .catch(() => {
        // The next change reads again; meanwhile the panel does as if there were none.
        if (!cancelled) setLoaded(true);
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
        if (suggestionPositions(editor.state.doc).size > 0 || shown.current > 0) void reload();
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

  const run = useCallback(
    async (work: () => Promise<unknown>) => {
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
    },
    [reload],
  );

  return {
    pending,
    all,
    loaded,
    busy,
    error,
    decide: (id, decision) => run(() => suggestionsApi.decide(id, decision)),
    decideAll: (decision, authorId) => run(() => suggestionsApi.decideAll(pageId, decision, authorId)),
  };
}
