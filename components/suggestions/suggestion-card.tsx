"use client";

import { commentsApi } from "@/components/comments/api";
import { CommentComposer, type MemberOption } from "@/components/comments/comment-composer";
import { RelativeTime } from "@/components/comments/relative-time";
import { CommentItem, type ThreadPermissions } from "@/components/comments/thread-card";
import type { ThreadView } from "@/lib/comments/present";
import type { SuggestionDecision, SuggestionView } from "./use-page-suggestions";

type Props = {
  pageId: string;
  suggestion: SuggestionView;
  /** Its reply thread, once someone has replied. */
  thread: ThreadView | null;
  canDecide: boolean;
  busy: boolean;
  onDecide: (decision: SuggestionDecision) => void;
  permissions: ThreadPermissions;
  maxLength: number;
  members: MemberOption[];
  onThreadChanged: (thread: ThreadView) => void;
  onThreadDeleted: () => void;
};

const primaryButton = "rounded-md bg-stone-800 px-2 py-1 text-xs font-medium text-white hover:bg-stone-700 disabled:opacity-50";
const secondaryButton =
  "rounded-md border border-stone-300 bg-white px-2 py-1 text-xs text-stone-800 hover:bg-stone-100 disabled:opacity-50";

/**
 * One pending suggestion in the side panel: what it proposes, who and when, Accept and Reject for
 * editors and owners, Withdraw for its author, and its own reply thread. The thread is an
 * ordinary comment thread (anchor kind "suggestion"): edits keep their versions, @mentions
 * notify; the first reply creates it.
 */
export function SuggestionCard({
  pageId,
  suggestion,
  thread,
  canDecide,
  busy,
  onDecide,
  permissions,
  maxLength,
  members,
  onThreadChanged,
  onThreadDeleted,
}: Props) {
  const replies = thread?.comments ?? [];
  return (
    <article
      // The id lets a link to the thread (from the inbox) find the card.
      id={thread ? `thread-${thread.id}` : undefined}
      aria-label={`Suggestion: ${suggestion.text}`}
      className="scroll-mt-4 rounded-lg border border-sky-200 bg-white p-3 text-sm shadow-sm"
      data-testid="suggestion-card"
      data-suggestion={suggestion.id}
      data-thread-id={thread?.id}
    >
      <p className="mb-0.5 text-[11px] font-medium uppercase tracking-wide text-sky-800">Suggestion</p>
      <p className="break-words text-stone-900" data-testid="suggestion-text">
        {suggestion.text}
      </p>
      <p className="mt-1 text-xs text-stone-600">
        {suggestion.authorName ?? "A former member"} · <RelativeTime iso={suggestion.createdAt} />
      </p>
      <div className="mt-2 flex gap-1.5">
        {canDecide ? (
          <>
            <button type="button" disabled={busy} onClick={() => onDecide("accept")} className={primaryButton}>
              Accept
            </button>
            <button type="button" disabled={busy} onClick={() => onDecide("reject")} className={secondaryButton}>
              Reject
            </button>
          </>
        ) : null}
        {suggestion.authorId === permissions.userId ? (
          <button type="button" disabled={busy} onClick={() => onDecide("withdraw")} className={secondaryButton}>
            Withdraw
          </button>
        ) : null}
      </div>
      {replies.length > 0 ? (
        <ol className="mt-3 space-y-3 border-t border-stone-200 pt-3" aria-label="Replies" data-testid="suggestion-replies">
          {replies.map((comment) => (
            <li key={comment.id}>
              <CommentItem
                comment={comment}
                permissions={permissions}
                maxLength={maxLength}
                members={members}
                onChanged={onThreadChanged}
                onDeleted={onThreadDeleted}
              />
            </li>
          ))}
        </ol>
      ) : null}
      {permissions.canComment ? (
        <div className="mt-3">
          <CommentComposer
            label={`Reply to the suggestion: ${suggestion.text}`}
            placeholder="Reply…"
            submitLabel="Reply"
            collapsible
            maxLength={maxLength}
            members={members}
            testId="suggestion-reply-form"
            onSubmit={async (body) =>
              onThreadChanged(
                thread
                  ? await commentsApi.reply(thread.id, body)
                  : await commentsApi.createThread(pageId, { body, anchor: { kind: "suggestion", suggestionId: suggestion.id } }),
              )
            }
          />
        </div>
      ) : null}
    </article>
  );
}
