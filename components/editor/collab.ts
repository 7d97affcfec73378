import { HocuspocusProvider } from "@hocuspocus/provider";
import * as Y from "yjs";
import { pageDocumentName } from "@/lib/collab/document-name";

/**
 * The collaborative document and its connection, loaded with import() after the page's first
 * paint (components/editor/use-collab-provider.ts): Yjs and the Hocuspocus provider are about
 * 40 KiB that a reader does not need to see the page.
 */
export type Collab = { doc: Y.Doc; provider: HocuspocusProvider };

function collabUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/collab`;
}

/**
 * One Yjs document and Hocuspocus provider for an open page; the provider connects at once. The
 * browser's session cookie authenticates the socket; no token is put in page HTML.
 */
export function createCollab(pageId: string): Collab {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ url: collabUrl(), name: pageDocumentName(pageId), document: doc });
  return { doc, provider };
}

/** Closes the connection and frees the document. */
export function destroyCollab({ doc, provider }: Collab): void {
  provider.destroy();
  doc.destroy();
}
