import { findComment, listThreadsForPage } from "@/db/queries/comments";
import { findPageContent } from "@/db/queries/page-content";
import { findPageById } from "@/db/queries/pages";
import { removeCommentEntry, removePageEntries, upsertCommentEntry, upsertPageEntry } from "@/db/queries/search";
import type { Comment } from "@/db/schema";

/** Brings a page's search entry up to date with its title and compacted text (or drops it from the trash). */
export async function indexPage(pageId: string): Promise<void> {
  const page = await findPageById(pageId);
  if (!page || page.deletedAt) return removePageEntries(pageId);
  await upsertPageEntry(page, (await findPageContent(pageId))?.text ?? "");
}

export async function indexComment(commentId: string): Promise<void> {
  await indexFoundComment(commentId, await findComment(commentId));
}

async function indexFoundComment(commentId: string, comment: (Comment & { pageId: string }) | undefined): Promise<void> {
  const page = comment ? await findPageById(comment.pageId) : undefined;
  if (!comment || comment.deletedAt || !page) return removeCommentEntry(commentId);
  await upsertCommentEntry({ id: comment.id, wikiId: page.wikiId, pageId: page.id, pageTitle: page.title, body: comment.body });
}

/** A page back from the trash: its entry and its comments' entries. */
export async function reindexPageAndComments(pageId: string): Promise<void> {
  await indexPage(pageId);
  for (const thread of await listThreadsForPage(pageId))
    for (const comment of thread.comments) await indexFoundComment(comment.id, { ...comment, pageId });
}
