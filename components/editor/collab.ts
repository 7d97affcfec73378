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

/** The page in the path lets a load balancer, and our own instances, route the socket by page. */
function collabUrl(documentName: string): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/collab/${encodeURIComponent(documentName)}`;
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
  const name = pageDocumentName(pageId);
  const provider = new HocuspocusProvider({ url: collabUrl(name), name, document: doc });
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
