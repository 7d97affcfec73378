"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import { useCallback, useEffect, useState } from "react";
import type { CitableSource } from "@/lib/citations/footnotes";
import type { SourceBook } from "./footnotes";

/**
 * The wiki's sources and citation style as an open page words its footnotes. The server tells
 * open pages when either changed ({type: "citations"} on the page's collab channel, see
 * lib/citations/notify.ts); the page then reads the registry and the style again, so a switch to
 * Bluebook or a reworded source shows at once, not after a reload.
 */
export function useSourceBook(initial: SourceBook, wikiId: string, pageId: string, provider: HocuspocusProvider | undefined) {
  const [book, setBook] = useState(initial);
  const addSource = useCallback(
    (source: CitableSource) => setBook((current) => ({ ...current, sources: [...current.sources, source] })),
    [],
  );

  const reload = useCallback(async () => {
    const [sources, footnotes] = await Promise.all([
      fetch(`/api/v1/wikis/${encodeURIComponent(wikiId)}/sources`),
      fetch(`/api/v1/pages/${encodeURIComponent(pageId)}/citations`),
    ]);
    if (!sources.ok || !footnotes.ok) return;
    const { sources: list } = (await sources.json()) as { sources: CitableSource[] };
    const { style } = (await footnotes.json()) as { style: string };
    setBook((current) => ({ ...current, style, sources: list }));
  }, [wikiId, pageId]);

  useEffect(() => {
    if (!provider) return;
    const onStateless = ({ payload }: { payload: string }) => {
      try {
        if ((JSON.parse(payload) as { type?: unknown }).type === "citations") void reload();
      } catch {
        // Not ours.
      }
    };
    provider.on("stateless", onStateless);
    return () => {
      provider.off("stateless", onStateless);
    };
  }, [provider, reload]);

  return { book, addSource };
}
