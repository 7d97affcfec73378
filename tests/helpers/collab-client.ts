import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { pageDocumentName } from "@/lib/collab/document-name";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";

/** A `ws` WebSocket that sends the given headers on the upgrade (the browser would send cookies). */
function socketClass(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
      // The provider drops its own handlers when destroyed; closing a socket that is still
      // connecting then emits an "error" nobody listens to, which would surface as an unhandled
      // error in the test run. The provider's own handling is unaffected.
      this.on("error", () => {});
    }
  };
}

export type TestClient = {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  events: { authenticationFailed: number; synced: number; closes: number };
  destroy(): void;
};

/** Connects to /collab the way an API client does: `Authorization: Bearer <token>` on the upgrade. */
export function connectClient(
  baseUrl: string,
  pageId: string,
  credentials: { token?: string; cookie?: string; origin?: string },
  socket?: HocuspocusProviderWebsocket,
  options: { pathPerPage?: boolean } = {},
): TestClient {
  const headers: Record<string, string> = {};
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.origin) headers.origin = credentials.origin;
  const ownSocket = !socket;
  socket ??= new HocuspocusProviderWebsocket({
    // The browser names its page in the path (components/editor/collab.ts); API clients may not.
    url: baseUrl.replace(/^http/, "ws") + "/collab" + (options.pathPerPage ? `/${pageDocumentName(pageId)}` : ""),
    WebSocketPolyfill: socketClass(headers),
    delay: 50,
    minDelay: 50,
    maxDelay: 500,
  } as ConstructorParameters<typeof HocuspocusProviderWebsocket>[0]);
  const doc = new Y.Doc();
  const events = { authenticationFailed: 0, synced: 0, closes: 0 };
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: pageDocumentName(pageId),
    document: doc,
    onAuthenticationFailed: () => void events.authenticationFailed++,
    onSynced: () => void events.synced++,
    onClose: () => void events.closes++,
  });
  provider.attach();
  return {
    doc,
    provider,
    socket,
    events,
    destroy() {
      provider.destroy();
      if (ownSocket) socket!.destroy();
      doc.destroy();
    },
  };
}

/** Appends a paragraph with `text` to the page body, as the editor would. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

/** The page body's text, one entry per top-level block. */
export function paragraphs(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(DOCUMENT_FRAGMENT)
    .toArray()
    .map((node) =>
      node instanceof Y.XmlElement
        ? node
            .toArray()
            .map((child) => (child instanceof Y.XmlText ? child.toString() : ""))
            .join("")
        : "",
    );
}

export function isAcknowledged(client: TestClient): boolean {
  return client.provider.isSynced && !client.provider.hasUnsyncedChanges;
}
