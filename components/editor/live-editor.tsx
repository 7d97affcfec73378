"use client";

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { Placeholder } from "@tiptap/extensions/placeholder";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { usePathname, useRouter } from "next/navigation";
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { CommentEditorOps } from "@/components/comments/comment-editor-ops";
import { createCommentEditorOps } from "@/components/comments/live-comment-ops";
import { CommentHighlights } from "@/lib/editor/comment-highlights";
import { DOCUMENT_FRAGMENT, schemaExtensions } from "@/lib/editor/extensions";
import { startFromYjs, type YjsMapping } from "@/lib/editor/start-from-yjs";
import { REFUSAL_MESSAGES } from "@/lib/editor/suggesting/transform";
import { Suggesting } from "@/lib/editor/suggesting/extension";
import { SuggestionTooltip } from "@/lib/editor/suggesting/tooltip";
import { DIRECTORY_CHANGED_EVENT } from "@/lib/editor/wiki-link";
import { createPageDirectory, type DirectoryPage, type PageDirectory } from "@/lib/links/directory";
import { BlockLinkButton } from "./block-links";
import type { Collab } from "./collab";
import { BODY_CLASS } from "./server-rendered-body";
import { EditorToolbar } from "./toolbar";
import { createPickerStore, WikiLinkPicker, wikiLinkPicker } from "./wiki-link-picker";

/**
 * The live editor: Tiptap, ProseMirror and the Yjs binding, with its toolbar, the `[[` picker and
 * the block-link button. The page shell (page-editor.tsx) loads this module with import() after
 * the first paint and shows the server's HTML, in the same boxes, until it is here.
 */

/**
 * Largest paste the editor takes in one go. A paste travels as one collab frame, and the server
 * closes sockets whose frames exceed MAX_COLLAB_PAYLOAD_BYTES (2 MB by default): refusing here, with
 * a message, spares the user a connection that keeps failing on the same change.
 */
const MAX_PASTE_CHARS = 512 * 1024;

/** What an empty page says in its first line, to those who may write on it. */
const EMPTY_PAGE_PLACEHOLDER = "Write the argument of this strand…";

export type EditorUser = { id: string; name: string; color: string };

/** The wiki's pages, for wiki links (current titles, the `[[` picker). */
export type DirectoryProp = { wikiSlug: string; pages: DirectoryPage[] };

/** Suggesting (tracked changes): who may suggest, who may only suggest (reviewers), who decides. */
export type SuggestingRights = { canSuggest: boolean; suggestOnly: boolean; canDecide: boolean };

/** What the page shell gets once the editor exists: the editor, and the comments' way into it. */
export type LiveParts = { editor: Editor; comments: CommentEditorOps };

type LiveEditorProps = {
  pageId: string;
  collab: Collab;
  user: EditorUser;
  editable: boolean;
  suggesting: SuggestingRights;
  /** The wiki's members, to name suggesters on hover. */
  memberNames?: { id: string; name: string }[];
  restoreVersion?: number;
  onLive: (live: LiveParts | null) => void;
  /** The editor's view is in the page (true) or has left it (false): the page shell shows the server's HTML meanwhile. */
  onShown: (shown: boolean) => void;
  directory: DirectoryProp;
  /** The document has synced with the server (the editor may be shown before, on a prefilled one). */
  synced: boolean;
};

/**
 * The browser's copy of the wiki's page list, in a holder the editor's extensions read on demand:
 * a server refresh (after a rename) replaces it and tells the live links to repaint.
 */
function useDirectory(directory: DirectoryProp): () => PageDirectory {
  const [holder] = useState(() => {
    let current = createPageDirectory(directory.wikiSlug, directory.pages);
    return { get: () => current, set: (next: PageDirectory) => void (current = next) };
  });
  useEffect(() => {
    holder.set(createPageDirectory(directory.wikiSlug, directory.pages));
    window.dispatchEvent(new Event(DIRECTORY_CHANGED_EVENT));
  }, [directory, holder]);
  return holder.get;
}

/**
 * The page body once the collaborative document exists. Rendered (and so loaded: React.lazy in
 * page-editor.tsx) while the document is still syncing, so that the chunk's arrival never waits
 * for the sync, nor the sync for the chunk. A document built from the state sent with the page
 * (collab.prefilled) is shown at once, and the sync brings what changed since; an empty one shows
 * the server's HTML until it has synced, since an editor on it would blank the page for a moment.
 * Memoised: the page shell re-renders on each change of connection state, presence or
 * suggestions, none of which concern the editor, and its props keep their identity meanwhile.
 */
export const LiveEditor = memo(function LiveEditor(props: LiveEditorProps) {
  if (!props.synced && !props.collab.prefilled) return null;
  return <SyncedEditor {...props} />;
});

function SyncedEditor({
  pageId,
  collab,
  user,
  editable,
  suggesting,
  memberNames,
  restoreVersion,
  onLive,
  onShown,
  directory,
  synced,
}: LiveEditorProps) {
  const router = useRouter();
  const currentDirectory = useDirectory(directory);
  const [picker] = useState(createPickerStore);
  const container = useRef<HTMLDivElement>(null);
  const [pasteNotice, setPasteNotice] = useState<string | null>(null);
  // Filled when the editor is created (startFromYjs), read by the Yjs binding as its plugins are built.
  const yjsMapping: YjsMapping = new Map();
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable,
      onBeforeCreate: ({ editor: created }) => startFromYjs(created, collab.doc, yjsMapping),
      extensions: [
        ...schemaExtensions({ directory: currentDirectory, navigate: (href) => router.push(href), assignBlockIds: editable }),
        wikiLinkPicker(currentDirectory, picker),
        Collaboration.configure({ document: collab.doc, field: DOCUMENT_FRAGMENT, ySyncOptions: { mapping: yjsMapping } }),
        // The identity comes from the server-rendered page; the collab server refuses any other.
        CollaborationCaret.configure({ provider: collab.provider, user }),
        // Browser-only: it reads the live Yjs binding, which the server's schema use has not got.
        CommentHighlights,
        // Browser-only too: a decoration on the empty first paragraph, never part of the document.
        Placeholder.configure({ placeholder: EMPTY_PAGE_PLACEHOLDER }),
        // Behaviour, not schema: reviewers always suggest; editors may switch to it.
        Suggesting.configure({
          authorId: user.id,
          enabled: suggesting.suggestOnly,
          locked: suggesting.suggestOnly,
          onRefused: (reason) => setPasteNotice(REFUSAL_MESSAGES[reason]),
        }),
        SuggestionTooltip.configure({
          nameOf: (authorId) =>
            authorId === user.id ? user.name : (memberNames?.find((m) => m.id === authorId)?.name ?? "A former member"),
        }),
      ],
      editorProps: {
        attributes: { class: BODY_CLASS, "aria-label": "Page content", "data-testid": "editor" },
        handlePaste: (_view, event) => {
          const size = Math.max(
            event.clipboardData?.getData("text/html").length ?? 0,
            event.clipboardData?.getData("text/plain").length ?? 0,
          );
          if (size <= MAX_PASTE_CHARS) return false;
          setPasteNotice(
            `That paste is too large (${Math.round(size / 1024)} KB). Paste at most ${MAX_PASTE_CHARS / 1024} KB at a time, or create a page from a Markdown file.`,
          );
          return true;
        },
      },
    },
    // With no dependencies, useEditor hands the editor its options again after every render, and
    // options built inline never compare equal: each render then redrew the view and ran every
    // plugin view's update (50 ms on a loaded machine, in the task that creates the editor, and
    // again on each re-render of the page shell before "Saved"). Extensions are only read when the
    // editor is created, so nothing is lost; a new document gets a new editor (key in page-editor.tsx).
    [collab],
  );
  const shown = useShowInNextTask(editor);
  // In the commit that puts the view in the page, before the browser paints: the server's HTML
  // leaves as the editor arrives, so there is never a frame with both, or with neither.
  useLayoutEffect(() => {
    if (!shown) return;
    onShown(true);
    return () => onShown(false);
  }, [shown, onShown]);
  // The comments panel and buttons live in the page shell and reach the editor through these,
  // once its view is in the page (a detached view cannot place a passage).
  const live = useMemo<LiveParts | null>(
    () => (editor && shown ? { editor, comments: createCommentEditorOps(editor) } : null),
    [editor, shown],
  );
  useEffect(() => {
    onLive(live);
    return () => onLive(null);
  }, [live, onLive]);
  // A restore replaces the whole body: only on the server's current document, never a prefilled older one.
  const restoreNotice = useRestoreVersion(synced ? editor : null, collab, pageId, restoreVersion);
  const notice = pasteNotice ?? restoreNotice;
  // useEditor creates the editor after the first render, and the view is put in the page a task
  // later: until then the page shell shows the server's HTML.
  if (!editor || !shown) return null;
  return (
    <div className="rounded-md">
      {notice ? (
        <p
          role="status"
          data-testid={pasteNotice ? "paste-notice" : "restore-notice"}
          className="mb-2 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900"
        >
          {notice}
        </p>
      ) : null}
      {editable ? <EditorToolbar editor={editor} /> : null}
      <div ref={container} className="relative">
        <EditorContent editor={editor} className="pt-3" />
        <BlockLinkButton editor={editor} container={container} />
      </div>
      <WikiLinkPicker store={picker} />
    </div>
  );
}

/**
 * True from the task after `editor` exists. Creating the editor (schema, plugins, the document's
 * first drawing) and putting its view in the page (EditorContent redraws it with its node views)
 * each take 30–50 ms of main thread on a 2-core machine; in one task they made the page's longest
 * task (80+ ms, the input delay a reader feels while the page starts). Each in its own task stays
 * near or under the 50 ms that counts as blocking (bench: pageload, lighthouse).
 */
function useShowInNextTask(editor: Editor | null): boolean {
  const [ready, setReady] = useState<Editor | null>(null);
  useEffect(() => {
    if (!editor) return;
    // A posted message, not a timer: the browser runs it as soon as this task ends, where a timer
    // waited behind the scripts still arriving (editor live ~150 ms later, cold, in pageload's A/B).
    const channel = new MessageChannel();
    channel.port1.onmessage = () => setReady(editor);
    channel.port2.postMessage(null);
    return () => channel.port1.close();
  }, [editor]);
  return !!editor && ready === editor;
}

/**
 * Restores a version as this user's own edit: the old content replaces the body through the
 * editor (so it travels to everyone as a normal collaborative change and Ctrl+Z undoes it). Once
 * the server has acknowledged it, the server restores the same version, which changes nothing
 * more unless someone typed meanwhile, and records it as "Restored version N": only a real
 * restore may write that entry.
 */
function useRestoreVersion(editor: Editor | null, collab: Collab, pageId: string, version: number | undefined): string | null {
  const router = useRouter();
  const pathname = usePathname();
  const [notice, setNotice] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (!editor || !version || started.current) return;
    started.current = true;
    void (async () => {
      try {
        const response = await fetch(`/api/v1/pages/${pageId}/versions/${version}`);
        if (!response.ok) throw new Error((await response.json()).error?.message ?? "Could not load the version");
        const { json } = await response.json();
        editor.commands.setContent(json);
        await new Promise<void>((resolve) => {
          const check = () => {
            if (collab.provider.hasUnsyncedChanges) return;
            collab.provider.off("unsyncedChanges", check);
            resolve();
          };
          collab.provider.on("unsyncedChanges", check);
          check();
        });
        const recorded = await fetch(`/api/v1/pages/${pageId}/restore`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ version }),
        });
        if (!recorded.ok) throw new Error((await recorded.json()).error?.message ?? "Could not record the restore");
        setNotice(`Restored version ${version}. Press Ctrl+Z to undo.`);
      } catch (error) {
        setNotice(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        router.replace(pathname);
      }
    })();
  }, [editor, version, collab, pageId, router, pathname]);
  return notice;
}
