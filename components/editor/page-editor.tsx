"use client";

import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { CommentButton, SelectionCommentButton, useCommentDraft } from "@/components/comments/comment-draft";
import type { MemberOption } from "@/components/comments/comment-composer";
import { CommentsPanel } from "@/components/comments/comments-panel";
import type { ThreadView } from "@/lib/comments/present";
import { CiteSourceButtonPending } from "@/components/citations/cite-source-button-pending";
import type { SourceBook } from "@/components/citations/footnotes";
import { LiveFootnotes } from "@/components/citations/live-footnotes";
import { loadWhenIdle } from "@/components/ui/load-when-idle";
import { useSourceBook } from "@/components/citations/use-source-book";
import { CiteButton } from "@/components/links/cite-button";
import type { Footnote } from "@/lib/citations/footnotes";
import type { PageBody } from "@/lib/pages/page-body";
import { BlockTarget, blockIdAtSelection } from "./block-links";
import { LiveConnectionIndicator } from "./connection-indicator";
import type { DirectoryProp, EditorUser, LiveParts, SuggestingRights } from "./live-editor";
import { BODY_KEY_ATTRIBUTE, resolvePageBody, STATE_ATTRIBUTE } from "./page-body";
import { PresenceAvatars } from "./presence-avatars";
import { ServerRenderedBody } from "./server-rendered-body";
import { SuggestingSwitch } from "./suggesting-switch";
import { SuggestionsPanel } from "@/components/suggestions/suggestions-panel";
import { usePageSuggestions } from "@/components/suggestions/use-page-suggestions";
import { useCollabProvider } from "./use-collab-provider";
import { useRestoreNotice } from "./use-restore-notice";

/*
 * The page shell: what a strand needs at first paint. It must not load the editor (Tiptap,
 * ProseMirror, Yjs, Hocuspocus: ~200 KiB of script). Types are fine; value imports are refused by
 * ESLint in components (eslint.config.mjs) and, through any module, by lib/build/first-paint.test.ts.
 * The editor comes in two chunks, both requested as soon as this module runs, so they download
 * while the page hydrates: the collaborative document (use-collab-provider.ts) and the live editor
 * (live-editor.tsx).
 */
const loadLiveEditor = () => import("./live-editor");
if (typeof window !== "undefined") void loadLiveEditor();
const LiveEditor = lazy(() => loadLiveEditor().then((module) => ({ default: module.LiveEditor })));

// "Cite source" works only on the live editor, so its dialog need not be in the first script either;
// it is fetched when the browser is idle (or when the editor is live, whichever comes first).
const loadCiteSource = () => import("@/components/citations/cite-source-button");
const CiteSourceButton = lazy(() => loadCiteSource().then((module) => ({ default: module.CiteSourceButton })));

export type { EditorUser } from "./live-editor";

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
  /** The server's HTML of the page and its Yjs state (to build the document before the sync), or where to find them. */
  body: PageBody;
  user: EditorUser;
  editable: boolean;
  actions?: React.ReactNode;
  /** Restore this version once the live editor is ready (from the history screen). */
  restoreVersion?: number;
  comments?: PageComments;
  /** The wiki's pages, for wiki links (current titles, the `[[` picker). */
  directory: DirectoryProp;
  /** The wiki's sources and citation style, and the footnotes as the server numbered them. */
  citations: { wikiId: string; book: SourceBook; initialNotes: Footnote[] };
  /** Suggesting (tracked changes): who may suggest, who may only suggest (reviewers), who decides. */
  suggesting: SuggestingRights;
};

/**
 * The page body. The server's HTML is shown first (readable before any JavaScript runs); once
 * the collaborative document has synced and the editor's chunk is here, the live editor takes its
 * place in the same boxes.
 */
export function PageEditor({ pageId, body, user, editable, actions, restoreVersion, comments, directory, citations, suggesting }: Props) {
  const { html: initialHtml, state: initialState } = resolvePageBody(body);
  // Reviewers write into the document too, but only suggestions (the server refuses anything else).
  const writable = editable || suggesting.suggestOnly;
  const { collab, notice: collabNotice, dismissNotice: dismissCollabNotice } = useCollabProvider(pageId, initialState);
  const { book, addSource } = useSourceBook(citations.book, citations.wikiId, pageId, collab?.provider);
  const [synced, setSynced] = useState(false);
  const [live, setLive] = useState<LiveParts | null>(null);
  const [editorShown, setEditorShown] = useState(false);
  const liveParts = collab && synced && live && !live.editor.isDestroyed ? live : null;
  const liveEditor = liveParts?.editor ?? null;
  const drafts = useCommentDraft(liveParts?.comments ?? null, !!comments?.canComment);
  const [restoredByOther, dismissRestoredByOther] = useRestoreNotice(collab?.provider, user.id);
  const suggestions = usePageSuggestions(pageId, liveEditor, collab?.provider);

  useEffect(() => (editable ? loadWhenIdle(loadCiteSource) : undefined), [editable]);

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

  const column = useRef<HTMLDivElement>(null);
  return (
    <div className="flex flex-col gap-8 xl:flex-row xl:items-start">
      {/* From xl the comments panel (20rem, after a 2rem gap) sits beside the text. The column leaves
          it that room from the first paint: the browser may paint the text before it has parsed the
          panel, and the text would reflow, and jump, when the panel arrives. */}
      <div
        ref={column}
        className={`relative min-w-0 flex-1 ${comments ? "xl:max-w-[min(46rem,calc(100%-22rem))]" : "xl:max-w-[46rem]"}`}
        data-footnote-scope
        // Where the browser finds the body a document request sent only in the HTML (page-body.ts).
        {...{ [BODY_KEY_ATTRIBUTE]: "key" in body ? body.key : undefined, [STATE_ATTRIBUTE]: initialState ?? undefined }}
      >
        <div className="mb-2 flex min-h-9 flex-wrap items-center gap-3 border-b border-stone-200 pb-2">
          <div className="mr-auto flex flex-wrap items-center gap-1">
            {actions}
            <CiteButton pageId={pageId} blockAtCursor={() => (liveEditor ? blockIdAtSelection(liveEditor) : null)} />
            {editable ? (
              liveEditor ? (
                <Suspense fallback={<CiteSourceButtonPending />}>
                  <CiteSourceButton
                    editor={liveEditor}
                    wikiId={citations.wikiId}
                    sources={book.sources}
                    style={book.style}
                    onCreated={addSource}
                  />
                </Suspense>
              ) : (
                <CiteSourceButtonPending />
              )
            ) : null}
            {comments?.canComment ? <CommentButton onClick={() => drafts.start()} /> : null}
          </div>
          {collab ? <PresenceAvatars provider={collab.provider} selfId={user.id} /> : null}
          <LiveConnectionIndicator provider={collab?.provider} />
          {suggesting.canSuggest ? <SuggestingSwitch editor={liveEditor} locked={suggesting.suggestOnly} /> : null}
          {!writable ? <span className="rounded bg-stone-100 px-2 py-0.5 text-xs text-stone-600">Read only</span> : null}
        </div>
        {/* Present from the start: screen readers announce changes to a live region they already know. */}
        <div role="status">
          {restoredByOther ? (
            <DismissibleNotice testId="restored-by-other" text={restoredByOther} onDismiss={dismissRestoredByOther} />
          ) : null}
          {collabNotice ? (
            <DismissibleNotice testId="suggestion-refused-notice" text={collabNotice} onDismiss={dismissCollabNotice} />
          ) : null}
        </div>
        {/* One element from hydration until the live editor's view is in the page: rebuilt at each
            step of the editor's arrival (its chunk, its sync), the whole body was removed and parsed
            again each time, a long task on a long page. */}
        {editorShown ? null : <ServerRenderedBody html={initialHtml} editable={writable} />}
        {collab ? (
          <Suspense fallback={null}>
            <LiveEditor
              // A new document (after a refused change, see collab.ts) needs a new editor bound to it.
              key={collab.doc.guid}
              synced={synced}
              pageId={pageId}
              collab={collab}
              user={user}
              editable={writable}
              suggesting={suggesting}
              memberNames={comments?.members}
              restoreVersion={restoreVersion}
              onLive={setLive}
              onShown={setEditorShown}
              directory={directory}
            />
          </Suspense>
        ) : null}
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
          ops={liveParts?.comments ?? null}
          provider={collab?.provider}
          permissions={{ userId: user.id, canComment: comments.canComment, canDeleteAny: comments.canDeleteAny }}
          maxLength={comments.maxLength}
          members={comments.members}
          initialThreads={comments.threads}
          focusThreadId={comments.focusThreadId}
          drafts={drafts}
          before={<SuggestionsPanel suggestions={suggestions} canDecide={suggesting.canDecide} />}
          suggestions={{ state: suggestions, canDecide: suggesting.canDecide }}
        />
      ) : null}
    </div>
  );
}

/** Something that happened to the page that its reader should know (a restore, an undone change). */
function DismissibleNotice({ testId, text, onDismiss }: { testId: string; text: string; onDismiss: () => void }) {
  return (
    <div
      data-testid={testId}
      className="mb-2 flex items-start gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
    >
      <p className="flex-1">{text}</p>
      <button type="button" onClick={onDismiss} className="shrink-0 underline">
        Dismiss
      </button>
    </div>
  );
}
