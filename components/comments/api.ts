import type { ThreadView } from "@/lib/comments/present";

/** Browser calls to the comments REST API (same origin, session cookie). */

export type CommentRevisionView = { number: number; body: string; createdAt: string };

async function call<T>(url: string, init?: { method: string; body?: unknown }): Promise<T> {
  const response = await fetch(url, {
    method: init?.method ?? "GET",
    headers: init?.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
    cache: "no-store",
  });
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.error?.message ?? `The server answered ${response.status}`);
  return data as T;
}

export type NewThreadInput = { body: string; anchor?: { start: string; end: string; quote: string }; blockId?: number };

export const commentsApi = {
  listThreads: (pageId: string) => call<{ threads: ThreadView[] }>(`/api/v1/pages/${encodeURIComponent(pageId)}/threads`).then((r) => r.threads),
  createThread: (pageId: string, input: NewThreadInput) => call<ThreadView>(`/api/v1/pages/${encodeURIComponent(pageId)}/threads`, { method: "POST", body: input }),
  reply: (threadId: string, body: string) => call<ThreadView>(`/api/v1/threads/${encodeURIComponent(threadId)}/comments`, { method: "POST", body: { body } }),
  resolve: (threadId: string) => call<ThreadView>(`/api/v1/threads/${encodeURIComponent(threadId)}/resolve`, { method: "POST" }),
  reopen: (threadId: string) => call<ThreadView>(`/api/v1/threads/${encodeURIComponent(threadId)}/reopen`, { method: "POST" }),
  editComment: (commentId: string, body: string) => call<ThreadView>(`/api/v1/comments/${encodeURIComponent(commentId)}`, { method: "PATCH", body: { body } }),
  deleteComment: (commentId: string) => call<void>(`/api/v1/comments/${encodeURIComponent(commentId)}`, { method: "DELETE" }),
  revisions: (commentId: string) => call<{ revisions: CommentRevisionView[] }>(`/api/v1/comments/${encodeURIComponent(commentId)}/revisions`).then((r) => r.revisions),
  markInboxRead: () => call<{ ok: true }>("/api/v1/me/inbox", { method: "POST" }),
};
