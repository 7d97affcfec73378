import { notFound } from "next/navigation";
import { cache } from "react";
import { findComment, findThread } from "@/db/queries/comments";
import { findSource } from "@/db/queries/sources";
import { findPageById, findPageBySlug, findRedirect, listPages, type PageSummary } from "@/db/queries/pages";
import { findMemberRole, findWikiById, findWikiBySlug } from "@/db/queries/wikis";
import type { Page, Role, User, Wiki } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { authorize, can, type Action } from "@/lib/policies";

/**
 * Loads a wiki by slug for a page render, answering 404 to anyone without a role in it (so its
 * existence is not revealed), and 404 too when the role does not allow `action`.
 */
export async function loadWikiForRender(slug: string, user: User, action: Action = "wiki.read"): Promise<{ wiki: Wiki; role: Role }> {
  const { wiki, role } = await wikiAndRole(slug, user.id);
  if (!wiki || !role || !can(role, action)) notFound();
  return { wiki, role };
}

/** Read once per request: a page view asks from its layout and its page. */
const wikiAndRole = cache(async (slug: string, userId: string): Promise<{ wiki?: Wiki; role: Role | null }> => {
  const wiki = await findWikiBySlug(slug);
  return { wiki, role: wiki ? await findMemberRole(wiki.id, userId) : null };
});

/** The wiki's live pages, read once per request however many components of a page view need them. */
export const listPagesForRender = cache((wikiId: string): Promise<PageSummary[]> => listPages(wikiId));

export type PageLookup = { kind: "page"; page: Page } | { kind: "redirect"; slug: string } | { kind: "missing" };

/** Finds a live page by slug, following the redirects that renames leave behind. */
export async function lookupPage(wikiId: string, slug: string): Promise<PageLookup> {
  const page = await findPageBySlug(wikiId, slug);
  if (page && !page.deletedAt) return { kind: "page", page };
  if (page) return { kind: "missing" };
  const redirectedId = await findRedirect(wikiId, slug);
  const target = redirectedId ? await findPageById(redirectedId) : undefined;
  if (target && !target.deletedAt) return { kind: "redirect", slug: target.slug };
  return { kind: "missing" };
}

export function pageUrl(wikiSlug: string, pageSlug: string): string {
  return `/w/${encodeURIComponent(wikiSlug)}/${encodeURIComponent(pageSlug)}`;
}

/**
 * For REST handlers and server actions: the wiki, if `userId` may do `action` in it. Throws
 * AppError (not_found for outsiders, forbidden for a role that is too low).
 */
export async function requireWikiAccess(userId: string, wikiId: string, action: Action): Promise<{ wiki: Wiki; role: Role }> {
  const wiki = await findWikiById(wikiId);
  const role = wiki ? await findMemberRole(wiki.id, userId) : null;
  authorize(role, action);
  return { wiki: wiki!, role };
}

/** As requireWikiAccess, for a page (trashed pages count as missing unless `includeTrashed`). */
export async function requirePageAccess(
  userId: string,
  pageId: string,
  action: Action,
  includeTrashed = false,
): Promise<{ page: Page; wiki: Wiki; role: Role }> {
  const page = await findPageById(pageId);
  if (!page || (page.deletedAt && !includeTrashed)) throw new AppError("not_found", "Page not found");
  const { wiki, role } = await requireWikiAccess(userId, page.wikiId, action);
  return { page, wiki, role };
}

/** The source and its wiki, if `userId` may do `action` there (a source merged away counts as missing). */
export async function requireSourceAccess(userId: string, sourceId: string, action: Action, includeMerged = false) {
  const source = await findSource(sourceId);
  if (!source || (source.mergedInto && !includeMerged)) throw new AppError("not_found", "Source not found");
  return { source, ...(await requireWikiAccess(userId, source.wikiId, action)) };
}

/** The thread and its page, if `userId` may do `action` on that page. */
export async function requireThreadAccess(userId: string, threadId: string, action: Action) {
  const thread = await findThread(threadId);
  if (!thread) throw new AppError("not_found", "Thread not found");
  return { thread, ...(await requirePageAccess(userId, thread.pageId, action)) };
}

/** The comment and its page, if `userId` may do `action` on that page. */
export async function requireCommentAccess(userId: string, commentId: string, action: Action) {
  const comment = await findComment(commentId);
  if (!comment) throw new AppError("not_found", "Comment not found");
  return { comment, ...(await requirePageAccess(userId, comment.pageId, action)) };
}
