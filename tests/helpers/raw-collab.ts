import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { pageDocumentName } from "@/lib/collab/document-name";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { waitFor } from "./wait";
import { authFrame, MessageType, readFrame, SyncStep, syncStep1Frame, updateFrame } from "./wire";

/**
 * A raw /collab connection to one page that keeps a replica of the document from what the server
 * sends, for tests that send hand-built Yjs updates (a reviewer's suggestions, an attacker's
 * forgeries) without an editor or a provider in between.
 */
export type RawSession = { ws: WebSocket; replica: Y.Doc; closedByServer: () => boolean; name: string };

export async function openRawSession(serverUrl: string, token: string, pageId: string, sockets: WebSocket[] = []): Promise<RawSession> {
  const name = pageDocumentName(pageId);
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(serverUrl.replace(/^http/, "ws") + "/collab", { headers: { authorization: `Bearer ${token}` } });
    sockets.push(socket);
    socket.on("error", () => undefined);
    socket.on("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    socket.on("open", () => resolve(socket));
  });
  const replica = new Y.Doc();
  let synced = false;
  let closed = false;
  ws.on("close", () => (closed = true));
  ws.on("message", (data) => {
    const { documentName, type, body } = readFrame(new Uint8Array(data as Buffer));
    if (documentName !== name) return;
    if (type === MessageType.CLOSE) closed = true;
    if (type !== MessageType.Sync) return;
    const step = decoding.readVarUint(body);
    if (step === SyncStep.Step1) return;
    Y.applyUpdate(replica, decoding.readVarUint8Array(body), "server");
    if (step === SyncStep.Step2) synced = true;
  });
  ws.send(authFrame(name));
  ws.send(syncStep1Frame(name));
  await waitFor(() => {
    if (!synced) throw new Error("not synced yet");
  });
  return { ws, replica, closedByServer: () => closed, name };
}

/** Changes the session's replica with `edit` and sends exactly that change as one update. */
export function sendEdit(session: RawSession, edit: (body: Y.XmlFragment, doc: Y.Doc) => void): void {
  const before = Y.encodeStateVector(session.replica);
  edit(session.replica.getXmlFragment(DOCUMENT_FRAGMENT), session.replica);
  session.ws.send(updateFrame(session.name, Y.encodeStateAsUpdate(session.replica, before)));
}

/** The text of top-level block `index` (a paragraph's only Y.XmlText). */
export const blockText = (body: Y.XmlFragment, index: number) => (body.get(index) as Y.XmlElement).get(0) as Y.XmlText;

/**
 * The Yjs formatting key of a suggestion mark: y-tiptap stores marks that may overlap as
 * "name--<8 base64 characters>" (a hash of the mark); any 8 such characters read back the same.
 */
export function markKey(name: "suggestionInsert" | "suggestionDelete", seed: string): string {
  const chars = seed
    .replace(/[^A-Za-z0-9]/g, "")
    .padEnd(8, "0")
    .slice(-8);
  return `${name}--${chars}`;
}

/** Suggestion mark attributes, as the Suggesting editor writes them. */
export const suggestionAttrs = (id: string, authorId: string, createdAt = "2026-12-04T07:00:00.000Z") => ({ id, authorId, createdAt });

/** Each top-level block as text, with suggestion marks shown: [+inserted+] and [-deleted-]. */
export function readableBlocks(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(DOCUMENT_FRAGMENT)
    .toArray()
    .map((block) =>
      (block as Y.XmlElement)
        .toArray()
        .map((child) =>
          ((child as Y.XmlText).toDelta() as { insert: string; attributes?: Record<string, unknown> }[])
            .map(({ insert, attributes = {} }) => {
              const names = Object.keys(attributes).map((key) => key.replace(/--[a-zA-Z0-9+/=]{8}$/, ""));
              if (names.includes("suggestionInsert")) return `[+${insert}+]`;
              if (names.includes("suggestionDelete")) return `[-${insert}-]`;
              return insert;
            })
            .join(""),
        )
        .join(""),
    );
}
