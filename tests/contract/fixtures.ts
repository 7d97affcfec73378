import { commentThreads, comments, notifications, pages, users, wikiMembers, wikis } from "@/db/schema";
import { insertRows } from "./harness";

let counter = 0;
const next = (prefix: string) => `${prefix}-${++counter}`;

export async function aUser(name = "Ada"): Promise<{ id: string; name: string; email: string }> {
  const user = { id: next("user"), name, email: `${next("mail")}@example.test` };
  await insertRows(users, [user]);
  return user;
}

export async function aWiki(ownerId: string, joinedAt = new Date()): Promise<{ id: string; slug: string; name: string }> {
  const wiki = { id: next("wiki"), slug: next("wiki-slug"), name: "Law of the sea" };
  await insertRows(wikis, [{ ...wiki, createdBy: ownerId }]);
  await insertRows(wikiMembers, [{ wikiId: wiki.id, userId: ownerId, role: "owner", createdAt: joinedAt }]);
  return wiki;
}

export async function aMember(wikiId: string, userId: string, joinedAt = new Date()): Promise<void> {
  await insertRows(wikiMembers, [{ wikiId, userId, role: "editor", createdAt: joinedAt }]);
}

export async function aPage(
  wikiId: string,
  title = "Baselines",
  deletedAt: Date | null = null,
): Promise<{ id: string; slug: string; title: string }> {
  const page = { id: next("page"), slug: next("page-slug"), title };
  await insertRows(pages, [{ ...page, wikiId, deletedAt }]);
  return page;
}

/** A comment on the page and the notification it gave `userId`. */
export async function aCommentNotification(input: {
  pageId: string;
  authorId: string;
  userId: string;
  body: string;
  createdAt: Date;
}): Promise<string> {
  const threadId = next("thread");
  const commentId = next("comment");
  const id = next("notification");
  await insertRows(commentThreads, [{ id: threadId, pageId: input.pageId, anchorKind: "page", createdBy: input.authorId }]);
  await insertRows(comments, [{ id: commentId, threadId, authorId: input.authorId, body: input.body }]);
  await insertRows(notifications, [
    {
      id,
      userId: input.userId,
      kind: "mention",
      threadId,
      commentId,
      pageId: input.pageId,
      actorId: input.authorId,
      createdAt: input.createdAt,
    },
  ]);
  return id;
}

/** A suggestion notification for `userId`. */
export async function aSuggestionNotification(input: {
  pageId: string;
  actorId: string;
  userId: string;
  createdAt: Date;
}): Promise<string> {
  const id = next("notification");
  await insertRows(notifications, [
    {
      id,
      userId: input.userId,
      kind: "suggestion",
      pageId: input.pageId,
      suggestionId: next("suggestion"),
      actorId: input.actorId,
      createdAt: input.createdAt,
    },
  ]);
  return id;
}
