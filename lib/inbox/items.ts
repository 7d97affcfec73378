import { listNotifications } from "@/db/queries/comments";
import { listSuggestionNotifications } from "@/db/queries/suggestion-notifications";
import { describeNoticedSuggestions, type NoticedSuggestion } from "@/lib/suggestions/notifications";

type ItemBase = {
  id: string;
  createdAt: Date;
  readAt: Date | null;
  pageId: string;
  pageTitle: string;
  pageSlug: string;
  wikiId: string;
  /** Who wrote the comment, suggested the change or decided it; null once the account is gone. */
  authorName: string | null;
};

export type CommentInboxItem = ItemBase & {
  kind: "mention" | "reply";
  threadId: string;
  commentId: string;
  body: string;
  deleted: boolean;
};

export type SuggestionInboxItem = ItemBase & {
  kind: "suggestion" | "decision";
  suggestionId: string;
  suggestion: NoticedSuggestion;
};

export type InboxItem = CommentInboxItem | SuggestionInboxItem;

export const isCommentItem = (item: InboxItem): item is CommentInboxItem => item.kind === "mention" || item.kind === "reply";

/**
 * A person's Inbox, newest first, as the Inbox screen and GET /api/v1/me/inbox show it: mentions,
 * replies, suggestions on their pages and decisions on their suggestions, on live pages of the
 * wikis `inWiki` admits (the ones the person still belongs to).
 */
export async function listInboxItems(userId: string, inWiki: (wikiId: string) => boolean, limit = 100): Promise<InboxItem[]> {
  const comments: InboxItem[] = (await listNotifications(userId, limit)).filter((n) => inWiki(n.wikiId));
  const noticed = (await listSuggestionNotifications(userId, limit)).filter((n) => inWiki(n.wikiId));
  const described = await describeNoticedSuggestions(noticed);
  const suggestions: InboxItem[] = noticed.map(({ actorName, ...n }) => ({
    ...n,
    authorName: actorName,
    suggestion: described.get(n.suggestionId)!,
  }));
  return [...comments, ...suggestions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
}
