"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ThreadView } from "@/lib/comments/present";
import { commentsApi } from "./api";

const LIVE_DEBOUNCE_MS = 100;

/**
 * The page's threads, kept current: the server announces every thread or comment change on the
 * page's collab channel ({type: "comments"} as a stateless message), and on that signal — or on a
 * reconnect, which may have missed some — the list is fetched again. Answers that arrive out of
 * order are dropped, so an older list never replaces a newer one.
 */
export function usePageThreads(pageId: string, initial: ThreadView[], provider: HocuspocusProvider | undefined) {
  const [threads, setThreads] = useState<ThreadView[]>(initial);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const applied = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const next = await commentsApi.listThreads(pageId);
      if (ticket < applied.current) return;
      applied.current = ticket;
      setThreads(next);
      setError(null);
    } catch (e) {
      if (ticket >= applied.current) setError(e instanceof Error ? e.message : String(e));
    }
  }, [pageId]);

  /** Puts a thread the API just returned in place at once (the announcement's refetch follows). */
  const upsert = useCallback((thread: ThreadView) => {
    // Anything fetched before this action must not overwrite it.
    applied.current = ++latest.current;
    setThreads((current) =>
      current.some((t) => t.id === thread.id) ? current.map((t) => (t.id === thread.id ? thread : t)) : [...current, thread],
    );
  }, []);

  useEffect(() => {
    if (!provider) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), LIVE_DEBOUNCE_MS);
    };
    const onStateless = ({ payload }: { payload: string }) => {
      try {
        if ((JSON.parse(payload) as { type?: unknown }).type === "comments") schedule();
      } catch {
        // Not ours.
      }
    };
    let wasConnected = provider.isSynced;
    const onStatus = ({ status }: { status: string }) => {
      if (status === "connected" && !wasConnected) schedule();
      wasConnected = status === "connected";
    };
    provider.on("stateless", onStateless);
    provider.on("status", onStatus);
    return () => {
      clearTimeout(timer);
      provider.off("stateless", onStateless);
      provider.off("status", onStatus);
    };
  }, [provider, reload]);

  return { threads, error, reload, upsert };
}
