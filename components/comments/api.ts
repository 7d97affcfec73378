import { apiCall } from "@/lib/api/browser-call";
import type { CommentRevisionView, ThreadView } from "@/lib/api/comment-presenters";

/** Browser calls to the comments REST API (same origin, session cookie). */

export type { CommentRevisionView };

export type NewThreadInput = {
  body: string;
  anchor?: { start: string; end: string; quote: string } | { kind: "suggestion"; suggestionId: string };
  blockId?: number;
};

export const commentsApi = {
  listThreads: (pageId: string) =>
    apiCall<{ threads: ThreadView[] }>(`/api/v1/pages/${encodeURIComponent(pageId)}/threads`).then((r) => r.threads),
  createThread: (pageId: string, input: NewThreadInput) =>
    apiCall<ThreadView>(`/api/v1/pages/${encodeURIComponent(pageId)}/threads`, { method: "POST", body: input }),
  reply: (threadId: string, body: string) =>
    apiCall<ThreadView>(`/api/v1/threads/${encodeURIComponent(threadId)}/comments`, { method: "POST", body: { body } }),
  resolve: (threadId: string) => apiCall<ThreadView>(`/api/v1/threads/${encodeURIComponent(threadId)}/resolve`, { method: "POST" }),
  reopen: (threadId: string) => apiCall<ThreadView>(`/api/v1/threads/${encodeURIComponent(threadId)}/reopen`, { method: "POST" }),
  editComment: (commentId: string, body: string) =>
    apiCall<ThreadView>(`/api/v1/comments/${encodeURIComponent(commentId)}`, { method: "PATCH", body: { body } }),
  deleteComment: (commentId: string) => apiCall<void>(`/api/v1/comments/${encodeURIComponent(commentId)}`, { method: "DELETE" }),
  revisions: (commentId: string) =>
    apiCall<{ revisions: CommentRevisionView[] }>(`/api/v1/comments/${encodeURIComponent(commentId)}/revisions`).then((r) => r.revisions),
  markInboxRead: () => apiCall<{ ok: true }>("/api/v1/me/inbox", { method: "POST" }),
};
