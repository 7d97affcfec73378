import type { HocuspocusProvider } from "@hocuspocus/provider";
import { useConnectionState, type ConnectionState } from "./use-collab-provider";

const LABELS: Record<ConnectionState, { text: string; dot: string }> = {
  connecting: { text: "Connecting…", dot: "bg-stone-400" },
  saving: { text: "Saving…", dot: "bg-amber-500" },
  saved: { text: "Saved", dot: "bg-green-600" },
  offline: { text: "Offline: changes kept here until the connection returns", dot: "bg-red-600" },
  denied: { text: "No access to this page", dot: "bg-red-600" },
  "too-large": {
    text: "This page has reached its size limit: your last change was not saved. Split the page or remove content.",
    dot: "bg-red-600",
  },
  unavailable: { text: "This page could not be loaded from storage; nothing was changed. Reload to try again.", dot: "bg-red-600" },
};

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const { text, dot } = LABELS[state];
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-stone-600"
      data-testid="connection-state"
      data-state={state}
      role="status"
    >
      <span className={`h-2 w-2 rounded-full ${dot}`} />
      {text}
    </span>
  );
}

/**
 * The indicator with its own subscription to the connection. Every keystroke moves the state
 * ("Saving…", then "Saved"); held in the page shell, that re-rendered the whole shell — comments
 * panel, footnotes, suggestions — twice per keystroke (bench: typing). Here only this re-renders.
 */
export function LiveConnectionIndicator({ provider }: { provider: HocuspocusProvider | undefined }) {
  return <ConnectionIndicator state={useConnectionState(provider)} />;
}
