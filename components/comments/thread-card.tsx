"use client";

import { memo, useState } from "react";
import { Avatar } from "@/components/avatar";
import type { CommentView, ThreadView } from "@/lib/comments/present";
import { CommentBody } from "@/lib/comments/format";
import { threadLabel } from "@/lib/comments/thread-label";
import { commentsApi } from "./api";
import { CommentComposer, type MemberOption } from "./comment-composer";
import { CommentRevisions } from "./comment-revisions";
import { RelativeTime } from "./relative-time";

export type ThreadPermissions = { userId: string; canComment: boolean; canDeleteAny: boolean };

/** How a suggestion ended, for its reply thread (null: it left the text without a decision). */
export type SuggestionOutcome = "pending" | "accepted" | "rejected" | "withdrawn" | null;

type Props = {
  thread: ThreadView;
  /** The anchored text is gone from the page (live, from the editor when there is one). */
  detached: boolean;
  active: boolean;
  permissions: ThreadPermissions;
  maxLength: number;
  members: MemberOption[];
  /** The card (or its passage button) was clicked: make it the active thread, and select its passage if asked. */
  onActivate: (thread: ThreadView, options: { select: boolean }) => void;
  onChanged: (thread: ThreadView) => void;
  onDeleted: () => void;
  /** For a suggestion's reply thread shown on its own (its suggestion no longer pending). */
  suggestionOutcome?: SuggestionOutcome;
};

const actionButton =
  "rounded-md border border-stone-300 bg-white px-1.5 py-0.5 text-xs font-medium text-stone-700 hover:border-green-700 hover:bg-green-50 hover:text-green-900 disabled:opacity-50";
const linkButton =
  "rounded px-1 text-xs font-medium text-stone-500 hover:bg-stone-100 hover:text-stone-900 focus-visible:text-stone-900 disabled:opacity-50";

/**
 * One thread in the side panel: its passage, its comments, and what the viewer may do with it.
 * Memoised: the page shell re-renders on every change of connection state (each keystroke's
 * "Saving…"/"Saved"), and re-rendering every card each time cost ~3 ms per keystroke on a page
 * with 40 threads; a card renders again only when its own props change (stable handlers in
 * comments-panel.tsx).
 */
export const ThreadCard = memo(function ThreadCard({
  thread,
  detached,
  active,
  permissions,
  maxLength,
  members,
  onActivate,
  onChanged,
  onDeleted,
  suggestionOutcome = null,
}: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const resolved = thread.status === "resolved";

  async function run(action: () => Promise<ThreadView | void>) {
    setBusy(true);
    setError(null);
    try {
      const next = await action();
      if (next) onChanged(next);
      else onDeleted();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const comments = thread.comments;
  const folded = !showAll && !active && comments.length > 4;
  const visible = folded ? [comments[0], ...comments.slice(-2)] : comments;

  return (
    <article
      id={`thread-${thread.id}`}
      data-testid="thread-card"
      data-thread-id={thread.id}
      data-status={thread.status}
      data-detached={detached || undefined}
      aria-current={active || undefined}
      aria-label={threadLabel(thread.quote)}
      onClick={(event) => {
        // Clicks on controls do their own thing; anywhere else brings the passage into view.
        if ((event.target as HTMLElement).closest("button, a, textarea, input, form, [role=listbox]")) return;
        onActivate(thread, { select: false });
      }}
      className={`scroll-mt-4 rounded-lg border bg-white p-3 text-sm transition-shadow ${
        active ? "border-amber-400 shadow-md ring-1 ring-amber-300" : "border-stone-200 shadow-sm hover:border-stone-300"
      } ${resolved ? "bg-stone-50" : ""}`}
    >
      <header className="mb-2 flex items-start gap-2">
        {thread.anchor.kind === "suggestion" ? (
          <SuggestionTarget thread={thread} outcome={suggestionOutcome} />
        ) : (
          <ThreadTarget thread={thread} detached={detached} onSelect={() => onActivate(thread, { select: true })} />
        )}
        {permissions.canComment && !resolved ? (
          <button
            type="button"
            className={`${actionButton} shrink-0`}
            disabled={busy}
            onClick={() => run(() => commentsApi.resolve(thread.id))}
            title="Mark as resolved: hides the highlight; the thread stays findable"
          >
            ✓ Resolve
          </button>
        ) : null}
      </header>

      <ol className="space-y-3">
        {visible.map((comment, i) => (
          <li key={comment.id}>
            {folded && i === 1 ? (
              <button type="button" className="mb-2 text-xs font-medium text-orange-900 hover:underline" onClick={() => setShowAll(true)}>
                Show {comments.length - 3} more {comments.length - 3 === 1 ? "reply" : "replies"}
              </button>
            ) : null}
            <CommentItem
              comment={comment}
              permissions={permissions}
              maxLength={maxLength}
              members={members}
              onChanged={onChanged}
              onDeleted={onDeleted}
            />
          </li>
        ))}
      </ol>

      {resolved ? (
        <div
          className="mt-3 flex flex-wrap items-center gap-x-2 gap-y-1 border-t border-stone-200 pt-2 text-xs text-stone-600"
          data-testid="resolved-by"
        >
          <span className="font-medium text-green-800">✓ Resolved</span>
          <span>
            by {thread.resolvedBy?.name ?? "someone"}
            {thread.resolvedAt ? (
              <>
                {" · "}
                <RelativeTime iso={thread.resolvedAt} />
              </>
            ) : null}
          </span>
          {permissions.canComment ? (
            <button
              type="button"
              className={`${actionButton} ml-auto`}
              disabled={busy}
              onClick={() => run(() => commentsApi.reopen(thread.id))}
            >
              Reopen
            </button>
          ) : null}
        </div>
      ) : permissions.canComment ? (
        <div className="mt-3">
          <CommentComposer
            label="Reply"
            placeholder="Reply…"
            submitLabel="Reply"
            collapsible
            maxLength={maxLength}
            members={members}
            testId="reply-form"
            onSubmit={async (body) => onChanged(await commentsApi.reply(thread.id, body))}
          />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </article>
  );
});

function ThreadTarget({ thread, detached, onSelect }: { thread: ThreadView; detached: boolean; onSelect: () => void }) {
  if (thread.anchor.kind === "page") {
    return <p className="min-w-0 flex-1 text-xs font-medium uppercase tracking-wide text-stone-500">On the whole page</p>;
  }
  return (
    <div className="min-w-0 flex-1">
      {thread.anchor.kind === "block" || detached ? (
        <p className="mb-0.5 flex flex-wrap gap-1 text-[11px] font-medium uppercase tracking-wide text-stone-500">
          {thread.anchor.kind === "block" ? <span>Section</span> : null}
          {detached ? (
            <span
              className="rounded bg-red-50 px-1 text-red-800 normal-case tracking-normal"
              data-testid="detached-marker"
              title="The commented text has been removed from the page; undoing the removal brings the highlight back"
            >
              text removed
            </span>
          ) : null}
        </p>
      ) : null}
      <button
        type="button"
        onClick={onSelect}
        disabled={detached}
        title={detached ? thread.quote : "Show and select the passage"}
        className={`block w-full border-l-2 pl-2 text-left font-serif italic leading-snug ${detached ? "cursor-default border-stone-300 text-stone-500 line-through decoration-stone-400" : "border-amber-400 text-stone-700 hover:text-stone-950"}`}
        data-testid="thread-quote"
      >
        <span className="line-clamp-2">{thread.quote || "(no text)"}</span>
      </button>
    </div>
  );
}

const OUTCOME_LABEL: Record<Exclude<SuggestionOutcome, null>, string> = {
  pending: "On a suggestion",
  accepted: "On an accepted suggestion",
  rejected: "On a rejected suggestion",
  withdrawn: "On a withdrawn suggestion",
};

/** A suggestion's thread once its card is gone: what the suggestion proposed, and how it ended. */
function SuggestionTarget({ thread, outcome }: { thread: ThreadView; outcome: SuggestionOutcome }) {
  return (
    <div className="min-w-0 flex-1">
      <p className="mb-0.5 text-[11px] font-medium uppercase tracking-wide text-stone-500" data-testid="suggestion-outcome">
        {outcome ? OUTCOME_LABEL[outcome] : "On a suggestion no longer in the text"}
      </p>
      <p className="line-clamp-2 border-l-2 border-sky-300 pl-2 text-stone-700" data-testid="thread-quote">
        {thread.quote}
      </p>
    </div>
  );
}

/** One comment: author, time, body, and edit, delete and earlier versions as the viewer may. */
export function CommentItem({
  comment,
  permissions,
  maxLength,
  members,
  onChanged,
  onDeleted,
}: {
  comment: CommentView;
  permissions: ThreadPermissions;
  maxLength: number;
  members: MemberOption[];
  onChanged: (thread: ThreadView) => void;
  onDeleted: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [showVersions, setShowVersions] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (comment.deleted) {
    return (
      <p className="rounded bg-stone-50 px-2 py-1 text-xs italic text-stone-500" data-testid="comment-tombstone">
        Comment deleted
      </p>
    );
  }

  const mine = !!comment.author && comment.author.id === permissions.userId;
  const canEdit = mine && permissions.canComment;
  const canDelete = permissions.canComment && (mine || permissions.canDeleteAny);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await commentsApi.deleteComment(comment.id);
      onDeleted();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <div data-testid="comment" data-comment-id={comment.id} className="group">
      <div className="flex items-center gap-2">
        <Avatar userId={comment.author?.id ?? "former"} name={comment.author?.name ?? "Former member"} size={22} />
        <span className="min-w-0 truncate text-xs font-semibold text-stone-800">{comment.author?.name ?? "Former member"}</span>
        <RelativeTime iso={comment.createdAt} className="shrink-0 text-xs text-stone-500" />
        {comment.editedAt ? (
          <button
            type="button"
            className="shrink-0 text-xs text-stone-500 underline decoration-dotted hover:text-stone-900"
            aria-expanded={showVersions}
            title={`Edited ${comment.versions - 1} ${comment.versions === 2 ? "time" : "times"}: show every version`}
            onClick={() => setShowVersions((v) => !v)}
            data-testid="comment-edited"
          >
            edited
          </button>
        ) : null}
      </div>
      <div className="mt-1 pl-[30px]">
        {editing ? (
          <CommentComposer
            label="Edit comment"
            submitLabel="Save"
            autoFocus
            initialBody={comment.body ?? ""}
            maxLength={maxLength}
            members={members}
            testId="edit-form"
            onCancel={() => setEditing(false)}
            onSubmit={async (body) => {
              onChanged(await commentsApi.editComment(comment.id, body));
              setEditing(false);
            }}
          />
        ) : (
          <CommentBody body={comment.body ?? ""} className="text-stone-800" />
        )}
        {!editing && !confirmDelete && (canEdit || canDelete) ? (
          <div className="-ml-1 mt-0.5 flex gap-0.5">
            {canEdit ? (
              <button type="button" className={linkButton} onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null}
            {canDelete ? (
              <button type="button" className={linkButton} onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
            ) : null}
          </div>
        ) : null}
        {confirmDelete ? (
          <div
            role="alertdialog"
            aria-label="Delete this comment?"
            className="mt-2 flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-2 py-1.5 text-xs text-red-900"
          >
            <span className="mr-auto">
              {mine ? "Delete your comment?" : `Delete ${comment.author?.name ?? "this member"}’s comment?`} A “comment deleted” note stays.
            </span>
            <button
              type="button"
              className="rounded px-1.5 py-0.5 font-medium hover:bg-red-100"
              onClick={() => setConfirmDelete(false)}
              disabled={busy}
            >
              Cancel
            </button>
            <button
              type="button"
              className="rounded bg-red-700 px-1.5 py-0.5 font-medium text-white hover:bg-red-800"
              onClick={remove}
              disabled={busy}
            >
              Delete
            </button>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {error}
          </p>
        ) : null}
        {showVersions && comment.editedAt ? (
          <div className="mt-2">
            <CommentRevisions commentId={comment.id} version={comment.versions} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
