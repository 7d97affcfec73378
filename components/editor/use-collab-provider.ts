"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import { useEffect, useState } from "react";
import { DOCUMENT_TOO_LARGE_REASON, LOAD_FAILED_REASON } from "@/lib/collab/reasons";
import type { Collab } from "./collab";

export type { Collab } from "./collab";

export type ConnectionState = "connecting" | "saving" | "saved" | "offline" | "denied" | "unavailable" | "too-large";

/** Yjs and the provider arrive in a chunk of their own, after the page's first paint. */
const loadCollab = () => import("./collab");

// Start the download while the page hydrates, rather than after. (Connecting from here, before
// React has hydrated, was tried in session 10 and bought nothing measurable: the editor waits on
// the main thread, not on the sync. One way to open the connection is simpler.)
if (typeof window !== "undefined") void loadCollab();

/** The page's collaborative document, and what to tell the user about it (see openCollab). */
export type CollabState = { collab: Collab | null; notice: string | null; dismissNotice: () => void };

/**
 * One Yjs document and Hocuspocus provider per open page, created in an effect (not during render)
 * once its module has loaded; a cleanup that runs before then (React's strict-mode double mount, or leaving the page) cancels the creation, so no
 * second provider is ever connected and none is left in use after it was destroyed. After the
 * server refused a change (a reviewer's that was not a suggestion), a fresh document takes the old
 * one's place, with a notice saying so (components/editor/collab.ts). `initialState`: the page's
 * Yjs state sent with the HTML (lib/pages/initial-state.ts), if any.
 */
export function useCollabProvider(pageId: string, initialState: string | null): CollabState {
  const [collab, setCollab] = useState<Collab | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    let close: (() => void) | null = null;
    void loadCollab().then(({ openCollab }) => {
      if (cancelled) return;
      close = openCollab(
        pageId,
        (opened, openedNotice) => {
          setCollab(opened);
          if (openedNotice) setNotice(openedNotice);
        },
        initialState,
      );
    });
    return () => {
      cancelled = true;
      close?.();
      setCollab(null);
      setNotice(null);
    };
    // The state (always this pageId's: same render) only matters when the connection opens: a
    // server refresh's newer state needs no new connection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pageId]);
  return { collab, notice, dismissNotice: () => setNotice(null) };
}

/** Saving / saved / offline, from the provider's socket status and its count of unacknowledged changes. */
export function useConnectionState(provider: HocuspocusProvider | undefined): ConnectionState {
  const [state, setState] = useState<ConnectionState>("connecting");
  useEffect(() => {
    if (!provider) return;
    const socket = provider.configuration.websocketProvider;
    // A provider may arrive already connected and synced (one that replaced a refused document).
    let online = (socket.status as string) === "connected";
    let denied: "denied" | "unavailable" | "too-large" | null = null;
    const update = () => {
      if (denied) return setState(denied);
      if (!navigator.onLine) return setState("offline");
      if (!online) return setState(provider.isSynced ? "offline" : "connecting");
      setState(provider.hasUnsyncedChanges || !provider.isSynced ? "saving" : "saved");
    };
    const onStatus = ({ status }: { status: string }) => {
      online = status === "connected";
      update();
    };
    const onDenied = ({ reason }: { reason?: string }) => {
      denied = reason === LOAD_FAILED_REASON ? "unavailable" : "denied";
      update();
    };
    // The server closes the document, then the socket, when an edit would pass the size limit.
    // Reconnecting would only send the same edit again and be refused again: stay disconnected
    // (the editor says why) until the page is reloaded.
    const onClose = ({ event }: { event: { reason?: string } }) => {
      if (event.reason !== DOCUMENT_TOO_LARGE_REASON) return;
      denied = "too-large";
      socket.disconnect();
      update();
    };
    // The browser knows at once when the network goes: without this, a socket whose network is
    // gone stays "open" until the heartbeat gives up (~40 s), and edits show "Saving…" meanwhile.
    // Closing it and connecting afresh when the network returns also resyncs at once.
    const onBrowserOffline = () => {
      socket.disconnect();
      update();
    };
    const onBrowserOnline = () => {
      if (!denied) void socket.connect();
      update();
    };
    window.addEventListener("offline", onBrowserOffline);
    window.addEventListener("online", onBrowserOnline);
    provider.on("close", onClose);
    provider.on("status", onStatus);
    provider.on("synced", update);
    provider.on("unsyncedChanges", update);
    provider.on("authenticationFailed", onDenied);
    update();
    return () => {
      window.removeEventListener("offline", onBrowserOffline);
      window.removeEventListener("online", onBrowserOnline);
      provider.off("close", onClose);
      provider.off("status", onStatus);
      provider.off("synced", update);
      provider.off("unsyncedChanges", update);
      provider.off("authenticationFailed", onDenied);
    };
  }, [provider]);
  return state;
}
