"use client";

import { useEffect, useState } from "react";
import { CommentBody } from "@/lib/comments/format";
import { commentsApi, type CommentRevisionView } from "./api";
import { formatExact } from "./relative-time";

/**
 * Every wording a comment has had, oldest first, each with its time. Fetched when opened, and
 * again when the comment changes (`version` is its count of wordings).
 */
export function CommentRevisions({ commentId, version }: { commentId: string; version: number }) {
  const [revisions, setRevisions] = useState<CommentRevisionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    commentsApi
      .revisions(commentId)
      .then((list) => !cancelled && setRevisions(list))
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [commentId, version]);

  if (error) return <p className="text-xs text-red-700">{error}</p>;
  if (!revisions) return <p className="text-xs text-stone-500">Loading earlier wordings…</p>;
  return (
    <ol
      className="space-y-1.5 rounded-md border border-stone-200 bg-stone-50 p-2"
      aria-label="Versions of this comment"
      data-testid="comment-revisions"
    >
      {revisions.map((revision, i) => (
        <li key={revision.number} className="text-xs" data-testid="comment-revision">
          <div className="mb-0.5 font-medium text-stone-500">
            {i === revisions.length - 1 ? "Current" : `Version ${revision.number}`} ·{" "}
            <time dateTime={revision.createdAt}>{formatExact(revision.createdAt)}</time>
          </div>
          <CommentBody body={revision.body} className={i === revisions.length - 1 ? "text-stone-800" : "text-stone-600"} />
        </li>
      ))}
    </ol>
  );
}
