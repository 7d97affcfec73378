"use client";

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useState } from "react";
import { DOCUMENT_FRAGMENT, schemaExtensions } from "@/lib/editor/extensions";
import { ConnectionIndicator } from "./connection-indicator";
import { PresenceAvatars } from "./presence-avatars";
import { EditorToolbar } from "./toolbar";
import { useCollabProvider, useConnectionState, type Collab } from "./use-collab-provider";

export type EditorUser = { id: string; name: string; color: string };

type Props = { pageId: string; initialHtml: string; user: EditorUser; editable: boolean; actions?: React.ReactNode };

/**
 * The page body. The server's HTML is shown first (readable before any JavaScript runs); once
 * the collaborative document has synced, the live editor takes its place.
 */
export function PageEditor({ pageId, initialHtml, user, editable, actions }: Props) {
  const collab = useCollabProvider(pageId);
  const connection = useConnectionState(collab?.provider);
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    if (!collab) return;
    const onSynced = () => setSynced(true);
    if (collab.provider.isSynced) onSynced();
    collab.provider.on("synced", onSynced);
    return () => {
      collab.provider.off("synced", onSynced);
    };
  }, [collab]);

  // Closing the tab with changes the server has not acknowledged yet asks first.
  useEffect(() => {
    if (!collab) return;
    const warn = (event: BeforeUnloadEvent) => {
      if (!collab.provider.hasUnsyncedChanges) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [collab]);

  return (
    <div>
      <div className="mb-2 flex min-h-9 flex-wrap items-center gap-3 border-b border-stone-200 pb-2">
        <div className="mr-auto flex flex-wrap items-center gap-1">{actions}</div>
        {collab ? <PresenceAvatars provider={collab.provider} selfId={user.id} /> : null}
        <ConnectionIndicator state={connection} />
        {!editable ? <span className="rounded bg-stone-100 px-2 py-0.5 text-xs text-stone-600">Read only</span> : null}
      </div>
      {collab && synced ? (
        <LiveEditor key={pageId} collab={collab} user={user} editable={editable} />
      ) : (
        <article className="prose-legal" data-testid="server-rendered" dangerouslySetInnerHTML={{ __html: initialHtml }} />
      )}
    </div>
  );
}

function LiveEditor({ collab, user, editable }: { collab: Collab; user: EditorUser; editable: boolean }) {
  const editor = useEditor({
    immediatelyRender: false,
    editable,
    extensions: [
      ...schemaExtensions(),
      Collaboration.configure({ document: collab.doc, field: DOCUMENT_FRAGMENT }),
      // The identity comes from the server-rendered page; the collab server refuses any other.
      CollaborationCaret.configure({ provider: collab.provider, user }),
    ],
    editorProps: {
      attributes: { class: "prose-legal min-h-[50vh] pb-24", "aria-label": "Page content", "data-testid": "editor" },
    },
  });
  if (!editor) return null;
  return (
    <div className="rounded-md">
      {editable ? <EditorToolbar editor={editor} /> : null}
      <EditorContent editor={editor} className="pt-3" />
    </div>
  );
}
