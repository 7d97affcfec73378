"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import { useEffect, useState } from "react";
import { describeRestoreNotice, parseRestoreNotice } from "@/lib/history/restore-notice";

/**
 * What to tell this reader when someone else restores a version of the page they have open: the
 * restore replaces the text under their eyes, and without a word it looks like their own work
 * vanished. The restorer is told by their own editor, so their own notices are skipped.
 */
export function useRestoreNotice(provider: HocuspocusProvider | undefined, selfId: string): [string | null, () => void] {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!provider) return;
    const onStateless = ({ payload }: { payload: string }) => {
      const restored = parseRestoreNotice(payload);
      if (restored && restored.byId !== selfId) setNotice(describeRestoreNotice(restored));
    };
    provider.on("stateless", onStateless);
    return () => {
      provider.off("stateless", onStateless);
    };
  }, [provider, selfId]);
  return [notice, () => setNotice(null)];
}
