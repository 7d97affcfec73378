"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useEditorSelector } from "@/components/editor/use-editor-selector";
import type { ThreadView } from "@/lib/comments/present";
import type { HighlightRange } from "@/lib/editor/comment-highlights";
import { SuggestionCard } from "@/components/suggestions/suggestion-card";
import { suggestionPositions } from "@/lib/suggestions/positions";
import type { PageSuggestions } from "@/components/suggestions/use-page-suggestions";
import { commentsApi } from "./api";
import { CommentComposer, type MemberOption } from "./comment-composer";
import type { CommentDraftControls } from "./comment-draft";
import type { CommentEditorOps, PassageAnchor } from "./comment-editor-ops";
import type { DraftTarget } from "./selection-anchor";
import { panelEntries, placeEntries, type PanelEntry, type PanelLayout } from "@/lib/comments/panel-order";
import { ThreadCard, type ThreadPermissions } from "./thread-card";
import { usePageThreads } from "./use-page-threads";

/** The highlight of a passage being commented on, before its thread exists. */
const DRAFT_ID = "draft";

type StatusFilter = "open" | "resolved" | "all";

type Props = {
  pageId: string;
  /** The live editor's comment operations, once the collaborative document has synced. */
  ops: CommentEditorOps | null;
  provider: HocuspocusProvider | undefined;
  permissions: ThreadPermissions;
  maxLength: number;
  members: MemberOption[];
  initialThreads: ThreadView[];
  /** A thread to bring into view on arrival (links from "Open comments" and the inbox). */
  focusThreadId?: string;
  drafts: CommentDraftControls;
  /** Shown at the top of the panel, above the threads: the head of the page's suggestions. */
  before?: React.ReactNode;
  /** The page's suggestions, whose cards sit among the threads; `canDecide`: editors and owners. */
  suggestions?: { state: PageSuggestions; canDecide: boolean };
};

/**
 * The comments side panel: threads and suggestion cards in the order of their text (page-wide and
 * detached threads last; see panel-order.ts), filters, the new-comment box, and the two-way link
 * between a thread's card and its highlighted passage.
 */
export function CommentsPanel({
  pageId,
  ops,
  provider,
  permissions,
  maxLength,
  members,
  initialThreads,
  focusThreadId,
  drafts,
  before,
  suggestions,
}: Props) {
  const { threads, error, reload, upsert } = usePageThreads(pageId, initialThreads, provider);
  const focusThread = focusThreadId ? initialThreads.find((t) => t.id === focusThreadId) : undefined;
  const [status, setStatus] = useState<StatusFilter>(focusThread?.status === "resolved" ? "all" : "open");
  const [mine, setMine] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(focusThread ? focusThread.id : null);
  const [drawerOpen, setDrawerOpen] = useState(!!focusThread);
  const { draft } = drafts;
  const editor = ops?.editor ?? null;

  // Every anchored thread's passage is tracked (for ordering and "show passage"); only open ones are highlighted.
  useEffect(() => {
    if (!ops || ops.editor.isDestroyed) return;
    const passages: PassageAnchor[] = [];
    for (const thread of threads) {
      if (!thread.anchor.start || !thread.anchor.end) continue;
      passages.push({
        id: thread.id,
        start: thread.anchor.start,
        end: thread.anchor.end,
        highlight: thread.status === "open",
        quote: thread.quote,
      });
    }
    if (draft?.target.kind === "text") passages.push({ id: DRAFT_ID, start: draft.target.start, end: draft.target.end, highlight: true });
    ops.showPassages(passages);
  }, [ops, threads, draft]);

  const pending = useMemo(() => suggestions?.state.pending ?? [], [suggestions?.state.pending]);
  // Only an order of keys leaves the selector, so typing that moves everything along re-renders nothing.
  const layout = useEditorSelector(editor, (e): PanelLayout | null => {
    const state = ops?.highlights();
    if (!state) return null;
    return placeEntries(
      state.ranges,
      pending.length > 0 ? suggestionPositions(e.state.doc) : new Map(),
      pending.map((s) => s.id),
    );
  });

  const selection = useEditorSelector(editor, (e) => {
    const { from, to, empty } = e.state.selection;
    return { text: !empty && !!e.state.doc.textBetween(from, to, " ").trim() };
  });

  const isDetached = (thread: ThreadView) => {
    if (!thread.anchor.start) return false;
    if (layout && (layout.order.includes(thread.id) || layout.detached.includes(thread.id))) return layout.detached.includes(thread.id);
    return thread.detached;
  };

  const sorted = useMemo(() => panelEntries(threads, pending, layout), [threads, pending, layout]);
  const suggestionsRead = suggestions?.state.loaded ?? true;

  const involvesMe = (thread: ThreadView) =>
    thread.createdBy?.id === permissions.userId || thread.comments.some((c) => c.author?.id === permissions.userId);
  const outcomeOf = (thread: ThreadView) => suggestions?.state.all.find((s) => s.id === thread.anchor.suggestionId)?.status ?? null;
  const counts = { open: 0, resolved: 0, all: 0 };
  for (const thread of threads) {
    if (mine && !involvesMe(thread)) continue;
    counts[thread.status]++;
    counts.all++;
  }
  // Memoised: the card alignment below re-measures whenever this list changes identity.
  const visible = useMemo(
    () =>
      sorted.filter((entry) => {
        const me = permissions.userId;
        const wroteIn = (t: ThreadView | null) => !!t && (t.createdBy?.id === me || t.comments.some((c) => c.author?.id === me));
        // A pending suggestion is open business: shown with the open threads, and as "mine" when I made it or replied.
        if (entry.kind === "suggestion")
          return status !== "resolved" && (!mine || entry.suggestion.authorId === me || wroteIn(entry.thread));
        return (status === "all" || entry.thread.status === status) && (!mine || wroteIn(entry.thread));
      }),
    [sorted, status, mine, permissions.userId],
  );

  // The active thread's passage gets the stronger highlight.
  useEffect(() => {
    if (ops && !ops.editor.isDestroyed) ops.setActivePassage(activeId);
  }, [ops, activeId]);

  // A click on a highlight in the text activates its card (and shows it, whatever the filters).
  const onHighlightClick = useEffectEvent((id: string | null) => {
    setActiveId(id);
    if (!id) return;
    setDrawerOpen(true);
    const thread = threads.find((t) => t.id === id);
    if (thread && !((status === "all" || thread.status === status) && (!mine || involvesMe(thread)))) {
      setStatus("open");
      setMine(false);
    }
    requestAnimationFrame(() => document.getElementById(`thread-${id}`)?.scrollIntoView({ block: "nearest", behavior: "smooth" }));
  });
  useEffect(() => {
    if (!ops) return;
    let seen = ops.highlights()?.activations ?? 0;
    const onTransaction = () => {
      const state = ops.highlights();
      if (!state || state.activations === seen) return;
      seen = state.activations;
      onHighlightClick(state.activeId);
    };
    ops.editor.on("transaction", onTransaction);
    return () => {
      ops.editor.off("transaction", onTransaction);
    };
  }, [ops]);

  // Arriving from a link to a thread: show its passage once the live editor has placed it.
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || !focusThreadId) return;
    if (focusThread && !focusThread.anchor.start) {
      // A thread on the whole page or on a suggestion has no passage to show; its card is enough
      // (a suggestion's card comes once the page's suggestions are read).
      const card = document.getElementById(`thread-${focusThreadId}`);
      if (!card && focusThread.anchor.kind === "suggestion" && !suggestionsRead) return;
      focused.current = true;
      card?.scrollIntoView({ block: "nearest" });
      return;
    }
    if (!ops || !layout) return;
    if (!layout.order.includes(focusThreadId) && !layout.detached.includes(focusThreadId)) return;
    focused.current = true;
    const range = rangeOf(ops, focusThreadId);
    if (range) scrollToPassage(ops.editor, range);
    document.getElementById(`thread-${focusThreadId}`)?.scrollIntoView({ block: "nearest" });
  }, [ops, layout, focusThreadId, focusThread, suggestionsRead, sorted]);

  // Stable while the editor is, so that the (memoised) cards do not all render again with the panel.
  const activate = useCallback(
    (thread: ThreadView, { select }: { select: boolean }) => {
      setActiveId(thread.id);
      if (!ops || ops.editor.isDestroyed) return;
      const range = rangeOf(ops, thread.id);
      if (!range) return;
      selectPassage(ops.editor, range, select);
      scrollToPassage(ops.editor, range);
    },
    [ops],
  );
  const reloadThreads = useCallback(() => void reload(), [reload]);
  const cardPermissions = useMemo<ThreadPermissions>(
    () => ({ userId: permissions.userId, canComment: permissions.canComment, canDeleteAny: permissions.canDeleteAny }),
    [permissions.userId, permissions.canComment, permissions.canDeleteAny],
  );

  async function createThread(body: string, target: DraftTarget) {
    const input =
      target.kind === "text"
        ? { body, anchor: { start: target.start, end: target.end, quote: target.quote } }
        : target.kind === "block"
          ? { body, blockId: target.index }
          : { body };
    const thread = await commentsApi.createThread(pageId, input);
    upsert(thread);
    drafts.cancel();
    // Collapse the selection, so "Comment on selection" does not invite a duplicate thread.
    if (editor && !editor.isDestroyed && !editor.state.selection.empty) editor.commands.setTextSelection(editor.state.selection.to);
    setDrawerOpen(true);
    if (status === "resolved") setStatus("open");
    setActiveId(thread.id);
    requestAnimationFrame(() => document.getElementById(`thread-${thread.id}`)?.scrollIntoView({ block: "nearest", behavior: "smooth" }));
  }

  // Beside the text on wide screens; below that, a drawer opened from a floating button (or by commenting, or a click on a highlight).
  const shown = drawerOpen || !!draft;
  const listRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const closeDrawer = () => {
    drafts.cancel();
    setDrawerOpen(false);
    toggleRef.current?.focus();
  };
  const aligned = useAlignedCards(listRef, ops, visible, layout);
  const decideSuggestion = suggestions?.state.decide;
  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        onClick={() => {
          setDrawerOpen(!shown);
          // Opened from the keyboard or a click: the focus goes into the drawer, at its close button.
          if (!shown) requestAnimationFrame(() => closeRef.current?.focus());
        }}
        aria-expanded={shown}
        className="fixed bottom-4 right-4 z-30 inline-flex items-center gap-1.5 rounded-full border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 shadow-lg hover:bg-stone-50 xl:hidden"
        data-testid="comments-drawer-toggle"
      >
        Comments{" "}
        <span className="rounded-full bg-amber-200 px-1.5 text-xs text-amber-950">{threads.filter((t) => t.status === "open").length}</span>
      </button>
      <aside
        aria-label="Comments"
        data-testid="comments-panel"
        // Escape closes the drawer (narrow screens only: from xl up the panel is part of the page).
        onKeyDown={(event) => {
          if (event.key !== "Escape" || event.defaultPrevented || window.matchMedia("(min-width: 1280px)").matches) return;
          closeDrawer();
        }}
        className={`${shown ? "fixed" : "hidden"} inset-y-0 right-0 z-40 w-80 max-w-[90vw] shrink-0 overflow-y-auto border-l border-stone-200 bg-[#fbfaf7] p-4 shadow-xl xl:static xl:bottom-auto xl:right-auto xl:z-auto xl:block xl:overflow-visible xl:border-0 xl:bg-transparent xl:p-0 xl:pb-8 xl:shadow-none`}
      >
        {before}
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2 border-b border-stone-200 pb-2">
          <h2 className="text-sm font-semibold text-stone-800">
            <button
              ref={closeRef}
              type="button"
              onClick={closeDrawer}
              className="mr-1 rounded px-1 text-stone-500 hover:bg-stone-100 xl:hidden"
              aria-label="Close comments"
            >
              ✕
            </button>
            Comments
          </h2>
          <div role="group" aria-label="Show" className="flex rounded-md border border-stone-200 bg-white p-0.5 text-xs">
            {(["open", "resolved", "all"] as const).map((value) => (
              <button
                key={value}
                type="button"
                aria-pressed={status === value}
                onClick={() => setStatus(value)}
                className={`whitespace-nowrap rounded px-1.5 py-0.5 capitalize ${status === value ? "bg-stone-800 text-white" : "text-stone-600 hover:bg-stone-100"}`}
                data-testid={`filter-${value}`}
              >
                {value} <span className={status === value ? "text-stone-300" : "text-stone-500"}>{counts[value]}</span>
              </button>
            ))}
            <button
              type="button"
              aria-pressed={mine}
              onClick={() => setMine((m) => !m)}
              title="Threads you started or wrote in"
              className={`ml-0.5 rounded px-1.5 py-0.5 ${mine ? "bg-orange-900 text-white" : "text-stone-600 hover:bg-stone-100"}`}
              data-testid="filter-mine"
            >
              Mine
            </button>
          </div>
        </div>

        {permissions.canComment ? (
          <NewComment
            draft={draft}
            drafts={drafts}
            live={!!editor}
            hasSelection={!!selection?.text}
            maxLength={maxLength}
            members={members}
            onSubmit={createThread}
          />
        ) : null}

        {error ? (
          <p role="alert" className="mb-2 rounded-md border border-red-200 bg-red-50 px-2 py-1.5 text-xs text-red-800">
            Comments could not be refreshed: {error}{" "}
            <button type="button" className="underline" onClick={() => void reload()}>
              Retry
            </button>
          </p>
        ) : null}

        {visible.length === 0 ? (
          <p className="px-1 py-4 text-sm text-stone-500" data-testid="no-threads">
            {threads.length === 0 && pending.length === 0
              ? permissions.canComment
                ? "No comments yet. Select a passage and press Comment (Ctrl+Alt+M)."
                : "No comments yet."
              : `No ${status === "all" ? "" : status + " "}threads${mine ? " of yours" : ""}.`}
          </p>
        ) : (
          <div
            ref={listRef}
            className="relative space-y-3 xl:space-y-0"
            style={aligned.height ? { height: aligned.height } : undefined}
            data-testid="thread-list"
          >
            {visible.map((entry) => (
              <div
                key={entry.key}
                className={aligned.tops[entry.key] !== undefined ? "xl:absolute xl:inset-x-0" : ""}
                style={aligned.tops[entry.key] !== undefined ? { top: aligned.tops[entry.key] } : undefined}
              >
                {entry.kind === "suggestion" ? (
                  <SuggestionCard
                    pageId={pageId}
                    suggestion={entry.suggestion}
                    thread={entry.thread}
                    canDecide={!!suggestions?.canDecide}
                    busy={!!suggestions?.state.busy}
                    onDecide={(decision) => void decideSuggestion?.(entry.suggestion.id, decision)}
                    permissions={permissions}
                    maxLength={maxLength}
                    members={members}
                    onThreadChanged={upsert}
                    onThreadDeleted={() => void reload()}
                  />
                ) : (
                  <ThreadCard
                    thread={entry.thread}
                    detached={isDetached(entry.thread)}
                    active={entry.thread.id === activeId}
                    permissions={cardPermissions}
                    maxLength={maxLength}
                    members={members}
                    onActivate={activate}
                    onChanged={upsert}
                    onDeleted={reloadThreads}
                    suggestionOutcome={entry.thread.anchor.kind === "suggestion" ? outcomeOf(entry.thread) : undefined}
                  />
                )}
              </div>
            ))}
          </div>
        )}
      </aside>
    </>
  );
}

function NewComment({
  draft,
  drafts,
  live,
  hasSelection,
  maxLength,
  members,
  onSubmit,
}: {
  draft: CommentDraftControls["draft"];
  drafts: CommentDraftControls;
  live: boolean;
  hasSelection: boolean;
  maxLength: number;
  members: MemberOption[];
  onSubmit: (body: string, target: DraftTarget) => Promise<void>;
}) {
  if (!draft) {
    return (
      <div className="mb-4 flex flex-wrap items-center gap-1.5 text-xs" data-testid="new-comment">
        {hasSelection ? (
          <button
            type="button"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => drafts.start("text")}
            className="rounded-md bg-orange-900 px-2 py-1 font-medium text-white hover:bg-orange-800"
          >
            Comment on selection
          </button>
        ) : (
          <>
            {live ? (
              <button
                type="button"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => drafts.start("block")}
                className="rounded-md border border-stone-300 bg-white px-2 py-1 font-medium text-stone-700 hover:bg-stone-50"
                title="The paragraph where the cursor is, or the whole section under a heading"
              >
                Comment on this section
              </button>
            ) : null}
            <button
              type="button"
              onClick={() => drafts.start("page")}
              className="rounded-md border border-stone-300 bg-white px-2 py-1 font-medium text-stone-700 hover:bg-stone-50"
            >
              Comment on the page
            </button>
          </>
        )}
      </div>
    );
  }
  const { target, choices } = draft;
  return (
    <div className="mb-4 rounded-lg border border-amber-300 bg-amber-50/60 p-3" data-testid="new-thread">
      <p className="mb-1 text-xs font-semibold text-stone-700">New comment</p>
      {choices.length > 1 ? (
        <div role="radiogroup" aria-label="Comment on" className="mb-2 flex flex-wrap gap-1 text-xs">
          {choices.map((choice) => (
            <button
              key={choice.kind}
              type="button"
              role="radio"
              aria-checked={choice === target}
              onClick={() => drafts.choose(choice)}
              className={`rounded-full border px-2 py-0.5 ${choice === target ? "border-stone-800 bg-stone-800 text-white" : "border-stone-300 bg-white text-stone-700 hover:bg-stone-50"}`}
            >
              {choice.kind === "block" ? choice.label : choice.kind === "page" ? "The whole page" : "Selection"}
            </button>
          ))}
        </div>
      ) : null}
      {target.kind === "page" ? (
        <p className="mb-2 text-xs text-stone-600">On the whole page</p>
      ) : (
        <p
          className="mb-2 line-clamp-3 border-l-2 border-amber-400 pl-2 font-serif text-sm italic text-stone-700"
          data-testid="draft-quote"
        >
          {target.quote}
        </p>
      )}
      <CommentComposer
        key={draft.key}
        label="New comment"
        placeholder="Your comment… (@name to mention)"
        submitLabel="Comment"
        autoFocus
        maxLength={maxLength}
        members={members}
        testId="new-thread-form"
        onCancel={drafts.cancel}
        onSubmit={(body) => onSubmit(body, target)}
      />
    </div>
  );
}

function rangeOf(ops: CommentEditorOps, threadId: string): HighlightRange | null {
  return ops.highlights()?.ranges.get(threadId) ?? null;
}

/** Selects the passage in the editor; `focus` also moves the keyboard there (or, read-only, shows the browser selection). */
function selectPassage(editor: Editor, range: HighlightRange, focus: boolean) {
  const { view } = editor;
  const to = Math.min(range.to, view.state.doc.content.size);
  editor.commands.setTextSelection({ from: range.from, to });
  if (!focus) return;
  if (editor.isEditable) {
    view.focus();
    return;
  }
  const start = view.domAtPos(range.from);
  const end = view.domAtPos(to);
  view.dom.ownerDocument.getSelection()?.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
}

/** Scrolls the page so the passage sits in the upper third of the window, unless it is already comfortably visible. */
function scrollToPassage(editor: Editor, range: HighlightRange) {
  const { top } = editor.view.coordsAtPos(range.from);
  if (top > 80 && top < window.innerHeight * 0.7) return;
  window.scrollBy({ top: top - window.innerHeight / 3, behavior: "smooth" });
}

const CARD_GAP = 12;

/**
 * On wide screens each card sits level with its passage (or just below the card above it, when
 * passages are close together); page-wide and detached threads follow the last anchored one.
 * Recomputed when threads, their passages or the cards' sizes change.
 */
function useAlignedCards(
  listRef: React.RefObject<HTMLDivElement | null>,
  ops: CommentEditorOps | null,
  visible: PanelEntry[],
  layout: unknown,
) {
  const [tops, setTops] = useState<Record<string, number>>({});
  const [height, setHeight] = useState(0);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const observer = new ResizeObserver(() => setTick((t) => t + 1));
    for (const card of list.children) observer.observe(card);
    const onResize = () => setTick((t) => t + 1);
    window.addEventListener("resize", onResize);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", onResize);
    };
  }, [listRef, visible]);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || !ops || ops.editor.isDestroyed || !window.matchMedia("(min-width: 1280px)").matches) {
      setTops({});
      setHeight(0);
      return;
    }
    const listTop = list.getBoundingClientRect().top;
    const next: Record<string, number> = {};
    let bottom = 0;
    visible.forEach((entry, i) => {
      const card = list.children[i] as HTMLElement | undefined;
      if (!card) return;
      const from =
        entry.kind === "suggestion" ? suggestionPositions(ops.editor.state.doc).get(entry.suggestion.id) : rangeOf(ops, entry.key)?.from;
      let want = bottom;
      if (from !== undefined) {
        try {
          want = ops.editor.view.coordsAtPos(from).top - listTop;
        } catch {
          // A position the view cannot place yet: stack below the previous card.
        }
      }
      const top = Math.max(want, bottom);
      next[entry.key] = top;
      bottom = top + card.offsetHeight + CARD_GAP;
    });
    setTops(next);
    setHeight(bottom);
  }, [listRef, ops, visible, layout, tick]);

  return { tops, height };
}
