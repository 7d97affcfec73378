import { HocuspocusProvider } from "@hocuspocus/provider";
import * as Y from "yjs";
import { pageDocumentName } from "@/lib/collab/document-name";
import { SUGGEST_ONLY_REASON } from "@/lib/collab/reasons";

/**
 * The collaborative document and its connection, loaded with import() after the page's first
 * paint (components/editor/use-collab-provider.ts): Yjs and the Hocuspocus provider are about
 * 40 KiB that a reader does not need to see the page.
 */
export type Collab = {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** The document started from the state the page was sent with: the editor may show it before the sync. */
  prefilled: boolean;
};

/** What the reviewer is told when the server refused their change and the page went back to the server's copy. */
export const REFUSED_CHANGE_NOTICE = "Your last change could not be kept as a suggestion and was undone.";

function collabUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/collab`;
}

/**
 * One Yjs document and Hocuspocus provider for an open page; the provider connects at once. The
 * browser's session cookie authenticates the socket; no token is put in page HTML.
 * `initialState` (base64, lib/pages/initial-state.ts) is the page's stored state as the page view
 * sent it: the server's or older, so the sync only adds to it.
 */
export function createCollab(pageId: string, initialState?: string | null): Collab {
  const doc = new Y.Doc();
  const prefilled = !!initialState && applyInitialState(doc, initialState);
  const provider = new HocuspocusProvider({ url: collabUrl(), name: pageDocumentName(pageId), document: doc });
  return { doc, provider, prefilled };
}

function applyInitialState(doc: Y.Doc, base64: string): boolean {
  try {
    Y.applyUpdate(
      doc,
      Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
    );
    return true;
  } catch {
    // A state that does not decode is only a missed shortcut: the sync brings the whole document.
    return false;
  }
}

/** Closes the connection and frees the document. */
export function destroyCollab({ doc, provider }: Collab): void {
  provider.destroy();
  doc.destroy();
}

/**
 * Opens the page's document and hands it to `show`, then keeps it one the server accepts. When
 * the reviewer guard refuses a change of this client's (one that is not a suggestion: a plugin
 * that wrote to the document, a bug), the server closes the connection, and a provider left to
 * itself would reconnect and send the same change again, refused again, forever, while the page
 * kept showing text nobody else has. A Yjs document cannot take a change back, so instead: the
 * old connection stops at once, a fresh document syncs from the server, and once it has synced
 * it replaces the old one (`show` again, with a notice for the user); until then the page keeps
 * showing the old one rather than flashing back to the server's HTML. Returns a function that
 * closes everything it opened.
 */
export function openCollab(
  pageId: string,
  show: (collab: Collab, notice: string | null) => void,
  initialState?: string | null,
): () => void {
  const opened = new Set<Collab>();
  const open = (state?: string | null): Collab => {
    const collab = createCollab(pageId, state);
    opened.add(collab);
    let refused = false;
    collab.provider.on("close", ({ event }: { event: { reason?: string } }) => {
      if (event.reason !== SUGGEST_ONLY_REASON || refused) return;
      refused = true;
      collab.provider.configuration.websocketProvider.disconnect();
      const fresh = open();
      const handOver = () => {
        fresh.provider.off("synced", handOver);
        opened.delete(collab);
        destroyCollab(collab);
        show(fresh, REFUSED_CHANGE_NOTICE);
      };
      fresh.provider.on("synced", handOver);
    });
    return collab;
  };
  show(open(initialState), null);
  return () => {
    for (const collab of opened) destroyCollab(collab);
    opened.clear();
  };
}

/** Where the page shell (page-editor.tsx) tells this module, before React runs, which page to open. */
export const COLLAB_PAGE_ATTRIBUTE = "data-collab-page";
export const COLLAB_STATE_ATTRIBUTE = "data-collab-state";

type Early = {
  pageId: string;
  close: () => void;
  shown: [Collab, string | null] | null;
  show: ((collab: Collab, notice: string | null) => void) | null;
};
let early: Early | null = null;

/**
 * Connects to the page in the server's HTML as soon as this module has loaded, without waiting for
 * React to hydrate the page and run the shell's effects: the socket opens and the document syncs
 * while the page hydrates and the editor's chunk loads. The shell then claims this connection
 * (claimCollab) instead of opening its own.
 */
export function openEarly(): void {
  const open = (): boolean => {
    const element = document.querySelector<HTMLElement>(`[${COLLAB_PAGE_ATTRIBUTE}]`);
    const pageId = element?.getAttribute(COLLAB_PAGE_ATTRIBUTE);
    if (!element || !pageId) return false;
    if (early) return true;
    const entry: Early = { pageId, close: () => {}, shown: null, show: null };
    entry.close = openCollab(
      pageId,
      (collab, notice) => {
        entry.shown = [collab, notice];
        entry.show?.(collab, notice);
      },
      element.getAttribute(COLLAB_STATE_ATTRIBUTE),
    );
    early = entry;
    return true;
  };
  // The HTML may still be streaming in; the shell's element usually is there already.
  if (!open() && document.readyState === "loading") document.addEventListener("DOMContentLoaded", open, { once: true });
}

/**
 * The page's connection for the page shell: the one openEarly made for this page, if it has not
 * been claimed yet, else a new one (a page reached by client-side navigation). Returns the closer.
 */
export function claimCollab(
  pageId: string,
  initialState: string | null,
  show: (collab: Collab, notice: string | null) => void,
): () => void {
  const claimed = early;
  early = null;
  if (claimed && claimed.pageId === pageId) {
    claimed.show = show;
    if (claimed.shown) show(...claimed.shown);
    return claimed.close;
  }
  claimed?.close();
  return openCollab(pageId, show, initialState);
}
