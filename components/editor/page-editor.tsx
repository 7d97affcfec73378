"use client";

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { Placeholder } from "@tiptap/extensions/placeholder";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { CommentButton, SelectionCommentButton, useCommentDraft } from "@/components/comments/comment-draft";
import type { MemberOption } from "@/components/comments/comment-composer";
import { CommentsPanel } from "@/components/comments/comments-panel";
import type { ThreadView } from "@/lib/comments/present";
import { CommentHighlights } from "@/lib/editor/comment-highlights";
import { DOCUMENT_FRAGMENT, schemaExtensions } from "@/lib/editor/extensions";
import { DIRECTORY_CHANGED_EVENT } from "@/lib/editor/wiki-link";
import { createPageDirectory, type DirectoryPage, type PageDirectory } from "@/lib/links/directory";
import { CiteSourceButton, CiteSourceButtonPending } from "@/components/citations/cite-source-button";
import type { SourceBook } from "@/components/citations/footnotes";
import { LiveFootnotes } from "@/components/citations/live-footnotes";
import { useSourceBook } from "@/components/citations/use-source-book";
import { CiteButton } from "@/components/links/cite-button";
import type { Footnote } from "@/lib/citations/footnotes";
import { BlockLinkButton, BlockTarget, blockIdAtSelection } from "./block-links";
import { ConnectionIndicator } from "./connection-indicator";
import { PresenceAvatars } from "./presence-avatars";
import { EditorToolbar, ToolbarSpace } from "./toolbar";
import { createPickerStore, WikiLinkPicker, wikiLinkPicker } from "./wiki-link-picker";
import { useCollabProvider, useConnectionState, type Collab } from "./use-collab-provider";
import { useRestoreNotice } from "./use-restore-notice";

/**
 * Largest paste the editor takes in one go. A paste travels as one collab frame, and the server
 * closes sockets whose frames exceed MAX_COLLAB_PAYLOAD_BYTES (2 MB by default): refusing here, with
 * a message, spares the user a connection that keeps failing on the same change.
 */
const MAX_PASTE_CHARS = 512 * 1024;

/** What an empty page says in its first line, to those who may write on it. */
const EMPTY_PAGE_PLACEHOLDER = "Write the argument of this strand…";

export type EditorUser = { id: string; name: string; color: string };

/** What the comments panel needs, decided by the server (abilities from lib/policies). */
export type PageComments = {
  canComment: boolean;
  canDeleteAny: boolean;
  maxLength: number;
  members: MemberOption[];
  threads: ThreadView[];
  focusThreadId?: string;
};

type Props = {
  pageId: string;
  initialHtml: string;
  user: EditorUser;
  editable: boolean;
  actions?: React.ReactNode;
  /** Restore this version once the live editor is ready (from the history screen). */
  restoreVersion?: number;
  comments?: PageComments;
  /** The wiki's pages, for wiki links (current titles, the `[[` picker). */
  directory: { wikiSlug: string; pages: DirectoryPage[] };
  /** The wiki's sources and citation style, and the footnotes as the server numbered them. */
  citations: { wikiId: string; book: SourceBook; initialNotes: Footnote[] };
};

/**
 * The page body. The server's HTML is shown first (readable before any JavaScript runs); once
 * the collaborative document has synced, the live editor takes its place.
 */
export function PageEditor({ pageId, initialHtml, user, editable, actions, restoreVersion, comments, directory, citations }: Props) {
  const collab = useCollabProvider(pageId);
  const { book, addSource } = useSourceBook(citations.book, citations.wikiId, pageId, collab?.provider);
  const connection = useConnectionState(collab?.provider);
  const [synced, setSynced] = useState(false);
  const [editor, setEditor] = useState<Editor | null>(null);
  const drafts = useCommentDraft(editor, !!comments?.canComment);
  const [restoredByOther, dismissRestoredByOther] = useRestoreNotice(collab?.provider, user.id);

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

  const liveEditor = collab && synced && editor && !editor.isDestroyed ? editor : null;
  const column = useRef<HTMLDivElement>(null);
  return (
    <div className="flex flex-col gap-8 xl:flex-row xl:items-start">
      <div ref={column} className="relative min-w-0 flex-1 xl:max-w-[46rem]" data-footnote-scope>
        <div className="mb-2 flex min-h-9 flex-wrap items-center gap-3 border-b border-stone-200 pb-2">
          <div className="mr-auto flex flex-wrap items-center gap-1">
            {actions}
            <CiteButton pageId={pageId} blockAtCursor={() => (liveEditor ? blockIdAtSelection(liveEditor) : null)} />
            {editable ? (
              liveEditor ? (
                <CiteSourceButton
                  editor={liveEditor}
                  wikiId={citations.wikiId}
                  sources={book.sources}
                  style={book.style}
                  onCreated={addSource}
                />
              ) : (
                <CiteSourceButtonPending />
              )
            ) : null}
            {comments?.canComment ? <CommentButton onClick={() => drafts.start()} /> : null}
          </div>
          {collab ? <PresenceAvatars provider={collab.provider} selfId={user.id} /> : null}
          <ConnectionIndicator state={connection} />
          {!editable ? <span className="rounded bg-stone-100 px-2 py-0.5 text-xs text-stone-600">Read only</span> : null}
        </div>
        {/* Present from the start: screen readers announce changes to a live region they already know. */}
        <div role="status">
          {restoredByOther ? (
            <div
              data-testid="restored-by-other"
              className="mb-2 flex items-start gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
            >
              <p className="flex-1">{restoredByOther}</p>
              <button type="button" onClick={dismissRestoredByOther} className="shrink-0 underline">
                Dismiss
              </button>
            </div>
          ) : null}
        </div>
        {collab && synced ? (
          <LiveEditor
            key={pageId}
            pageId={pageId}
            collab={collab}
            user={user}
            editable={editable}
            restoreVersion={restoreVersion}
            onEditor={setEditor}
            directory={directory}
            initialHtml={initialHtml}
          />
        ) : (
          <ServerRenderedBody html={initialHtml} editable={editable} />
        )}
        <LiveFootnotes
          scope={column}
          editor={liveEditor}
          editable={editable}
          wikiId={citations.wikiId}
          book={book}
          initialNotes={citations.initialNotes}
        />
        <BlockTarget />
        {liveEditor && comments?.canComment ? (
          <SelectionCommentButton editor={liveEditor} hidden={!!drafts.draft} onClick={() => drafts.start("text")} />
        ) : null}
      </div>
      {comments ? (
        <CommentsPanel
          pageId={pageId}
          editor={liveEditor}
          provider={collab?.provider}
          permissions={{ userId: user.id, canComment: comments.canComment, canDeleteAny: comments.canDeleteAny }}
          maxLength={comments.maxLength}
          members={comments.members}
          initialThreads={comments.threads}
          focusThreadId={comments.focusThreadId}
          drafts={drafts}
        />
      ) : null}
    </div>
  );
}

type LiveEditorProps = {
  pageId: string;
  collab: Collab;
  user: EditorUser;
  editable: boolean;
  restoreVersion?: number;
  onEditor: (editor: Editor | null) => void;
  directory: Props["directory"];
  initialHtml: string;
};

/** The editor's classes, shared by the server's HTML so that nothing moves when the editor takes its place. */
const BODY_CLASS = "prose-legal min-h-[50vh] pb-24";

/**
 * The server's HTML in the same boxes as the live editor (LiveEditor below): a toolbar-sized
 * space for editors, the same padding and the same minimum height. Shown until the editor exists,
 * so the swap neither moves the text nor, for one frame, leaves the column empty.
 */
function ServerRenderedBody({ html, editable }: { html: string; editable: boolean }) {
  return (
    <div className="rounded-md">
      {editable ? <ToolbarSpace /> : null}
      <div className="relative">
        <div className="pt-3">
          <article className={BODY_CLASS} data-testid="server-rendered" dangerouslySetInnerHTML={{ __html: html }} />
        </div>
      </div>
    </div>
  );
}

/**
 * The browser's copy of the wiki's page list, in a holder the editor's extensions read on demand:
 * a server refresh (after a rename) replaces it and tells the live links to repaint.
 */
function useDirectory(directory: Props["directory"]): () => PageDirectory {
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

function LiveEditor({ pageId, collab, user, editable, restoreVersion, onEditor, directory, initialHtml }: LiveEditorProps) {
  const router = useRouter();
  const currentDirectory = useDirectory(directory);
  const [picker] = useState(createPickerStore);
  const container = useRef<HTMLDivElement>(null);
  const [pasteNotice, setPasteNotice] = useState<string | null>(null);
  const editor = useEditor({
    immediatelyRender: false,
    editable,
    extensions: [
      ...schemaExtensions({ directory: currentDirectory, navigate: (href) => router.push(href), assignBlockIds: editable }),
      wikiLinkPicker(currentDirectory, picker),
      Collaboration.configure({ document: collab.doc, field: DOCUMENT_FRAGMENT }),
      // The identity comes from the server-rendered page; the collab server refuses any other.
      CollaborationCaret.configure({ provider: collab.provider, user }),
      // Browser-only: it reads the live Yjs binding, which the server's schema use has not got.
      CommentHighlights,
      // Browser-only too: a decoration on the empty first paragraph, never part of the document.
      Placeholder.configure({ placeholder: EMPTY_PAGE_PLACEHOLDER }),
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
  });
  // The comments panel and buttons live outside this component and need the instance.
  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  const restoreNotice = useRestoreVersion(editor, collab, pageId, restoreVersion);
  const notice = pasteNotice ?? restoreNotice;
  // useEditor creates the editor after the first render: until then the server's HTML stays.
  if (!editor) return <ServerRenderedBody html={initialHtml} editable={editable} />;
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
