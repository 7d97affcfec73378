import { findComment, listThreadsForPageInSqlite } from "@/db/queries/comments";
import { findPageContentSync } from "@/db/queries/page-content";
import { findPageByIdSync } from "@/db/queries/pages";
import { removeCommentEntry, removePageEntries, upsertCommentEntry, upsertPageEntry } from "@/db/queries/search";
import type { Comment } from "@/db/schema";

/** Brings a page's search entry up to date with its title and compacted text (or drops it from the trash). */
export function indexPage(pageId: string): void {
  const page = findPageByIdSync(pageId);
  if (!page || page.deletedAt) return removePageEntries(pageId);
  upsertPageEntry(page, findPageContentSync(pageId)?.text ?? "");
}

export async function indexComment(commentId: string): Promise<void> {
  indexFoundComment(commentId, await findComment(commentId));
}

function indexFoundComment(commentId: string, comment: (Comment & { pageId: string }) | undefined): void {
  const page = comment ? findPageByIdSync(comment.pageId) : undefined;
  if (!comment || comment.deletedAt || !page) return removeCommentEntry(commentId);
  upsertCommentEntry({ id: comment.id, wikiId: page.wikiId, pageId: page.id, pageTitle: page.title, body: comment.body });
}

/** A page back from the trash: its entry and its comments' entries. */
export function reindexPageAndComments(pageId: string): void {
  indexPage(pageId);
  for (const thread of listThreadsForPageInSqlite(pageId))
    for (const comment of thread.comments) indexFoundComment(comment.id, { ...comment, pageId });
}
