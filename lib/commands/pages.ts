import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { transaction } from "@/db/executor";
import { insertImportedSources } from "@/db/queries/import-sources";
import { insertPageContent } from "@/db/queries/page-content";
import {
  deleteRedirect,
  findPageById,
  findRedirect,
  insertPage,
  insertRedirect,
  listPages,
  listTrashedPages,
  nextSiblingPosition,
  setPagesTrashed,
  slugInUse,
  updatePageFields,
} from "@/db/queries/pages";
import type { Page } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAuditAsync, type ActorRef } from "@/lib/audit/record";
import { withBlockIds } from "@/lib/editor/block-ids";
import { EMPTY_DOC, parseDocJSON, ydocFromJSON } from "@/lib/editor/document";
import type { ImportedDocument } from "@/lib/import/html-to-doc";
import { bodyUnderTitle, convertMarkdown } from "@/lib/import/markdown";
import { notesAsSources } from "@/lib/import/note-sources";
import { createRevision } from "@/lib/history/revisions";
import { indexPage, reindexPageAndComments } from "@/lib/search/indexing";
import { badRequest, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { refreshLinksAndCitationsSoon } from "@/lib/links/refresh";
import { registry } from "@/lib/server/registry";
import { textWithoutSuggestions } from "@/lib/suggestions/settled";
import { RESERVED_PAGE_SLUGS, slugify, uniqueSlugAsync } from "@/lib/slug";

const pageSlugTaken = (wikiId: string) => async (slug: string) => RESERVED_PAGE_SLUGS.has(slug) || (await slugInUse(wikiId, slug));

async function requireParent(wikiId: string, parentId: string | null | undefined): Promise<string | null> {
  if (!parentId) return null;
  const parent = await findPageById(parentId);
  if (!parent || parent.wikiId !== wikiId || parent.deletedAt) throw badRequest("parentId is not a page of this wiki");
  return parent.id;
}

/**
 * Creates a page and its first collaborative state in one transaction. The Yjs document is made
 * here, once, at the page's birth: the collab server only ever loads it, never rebuilds it from
 * JSON, which is what keeps reconnecting clients from duplicating content.
 *
 * The content is a document (`json`), Markdown, or an imported file; Markdown goes through the
 * import's conversion, so its footnotes become citations of new sources here as an import's do,
 * and a leading `# H1` that repeats the title is left out of the body.
 */
export async function createPage(
  input: { wikiId: string; title: string; parentId?: string | null; markdown?: string; json?: JSONContent; imported?: ImportedDocument },
  by: ActorRef,
): Promise<Page> {
  const userId = actorId(by);
  const imported = input.imported ?? (input.markdown ? convertMarkdown(input.markdown) : { doc: input.json ?? EMPTY_DOC, notes: [] });
  const { doc, sources } = notesAsSources({ ...imported, doc: bodyUnderTitle(imported, input.title) });
  // Every block is born with a stable id (links to paragraphs, citations, backlinks).
  const json = withBlockIds(doc);
  if (input.markdown || input.imported) assertConvertible(json);
  const ydoc = Buffer.from(Y.encodeStateAsUpdate(ydocFromJSON(json)));
  const text = textWithoutSuggestions(json);
  const page = await transaction(async () => {
    const parentId = await requireParent(input.wikiId, input.parentId);
    await insertImportedSources(sources.map((source) => ({ ...source, wikiId: input.wikiId, createdBy: userId })));
    const slug = await uniqueSlugAsync(slugify(input.title), pageSlugTaken(input.wikiId));
    const page = await insertPage({
      id: newId(),
      wikiId: input.wikiId,
      parentId,
      title: input.title,
      slug,
      position: await nextSiblingPosition(input.wikiId, parentId),
      createdBy: userId,
    });
    await insertPageContent({ pageId: page.id, ydoc, json: JSON.stringify(json), text });
    await recordAuditAsync({
      action: AUDIT_ACTIONS.pageCreated,
      by,
      wikiId: page.wikiId,
      target: { type: "page", id: page.id },
      details: { title: page.title },
    });
    return page;
  });
  // Version 1 is the page as created: every later change has something to be compared with.
  await createRevision(page.id, { kind: "auto", createdBy: userId });
  await indexPage(page.id);
  refreshLinksAndCitationsSoon(page.id);
  return page;
}

/** Converted content the schema refuses is the file's fault, not a server error. */
function assertConvertible(json: JSONContent): void {
  try {
    parseDocJSON(json);
  } catch {
    throw badRequest("The content could not be turned into a page");
  }
}

/** Renames a page; its old address keeps working as a redirect. */
export async function renamePage(pageId: string, title: string, by: ActorRef): Promise<Page> {
  const renamed = await transaction(async () => {
    const page = await findPageById(pageId);
    if (!page) throw notFound("Page not found");
    const base = slugify(title);
    let slug = page.slug;
    if (base !== page.slug) {
      // The page may take back one of its own old slugs; anyone else's slug stays off limits.
      if ((await findRedirect(page.wikiId, base)) === page.id) await deleteRedirect(page.wikiId, base);
      slug = await uniqueSlugAsync(base, pageSlugTaken(page.wikiId));
      await insertRedirect(page.wikiId, page.slug, page.id);
    }
    await updatePageFields(page.id, { title, slug });
    if (title !== page.title) {
      await recordAuditAsync({
        action: AUDIT_ACTIONS.pageRenamed,
        by,
        wikiId: page.wikiId,
        target: { type: "page", id: page.id },
        details: { from: page.title, to: title },
      });
    }
    return { ...page, title, slug };
  });
  await indexPage(pageId);
  return renamed;
}

/** A page's title for an audit entry (null for the top level). */
async function titleOf(pageId: string | null): Promise<string | null> {
  return pageId ? ((await findPageById(pageId))?.title ?? null) : null;
}

/** Ids of a page and all its descendants among `pages`. */
function subtreeIds(rootId: string, all: Pick<Page, "id" | "parentId">[]): string[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) {
    for (const p of all) if (p.parentId === ids[i]) ids.push(p.id);
  }
  return ids;
}

/** Moves a page under another parent (or to the top level), refusing moves into its own subtree. */
export async function movePage(pageId: string, parentId: string | null, by: ActorRef, position?: number): Promise<Page> {
  return transaction(async () => {
    const page = await findPageById(pageId);
    if (!page) throw notFound("Page not found");
    const newParent = await requireParent(page.wikiId, parentId);
    if (newParent && subtreeIds(page.id, await listPages(page.wikiId)).includes(newParent)) {
      throw badRequest("A page cannot be moved under itself or one of its own sub-pages");
    }
    const pos = position ?? (await nextSiblingPosition(page.wikiId, newParent));
    await updatePageFields(page.id, { parentId: newParent, position: pos });
    await recordAuditAsync({
      action: AUDIT_ACTIONS.pageMoved,
      by,
      wikiId: page.wikiId,
      target: { type: "page", id: page.id },
      details: {
        title: page.title,
        fromParentId: page.parentId,
        fromParent: await titleOf(page.parentId),
        toParentId: newParent,
        toParent: await titleOf(newParent),
      },
    });
    return { ...page, parentId: newParent, position: pos };
  });
}

/** Moves a page and its sub-pages to the trash. Open editors are disconnected. */
export async function trashPage(pageId: string, by: ActorRef): Promise<string[]> {
  const ids = await transaction(async () => {
    const page = await findPageById(pageId);
    if (!page || page.deletedAt) throw notFound("Page not found");
    const ids = subtreeIds(page.id, await listPages(page.wikiId));
    await setPagesTrashed(ids, actorId(by));
    await recordAuditAsync({
      action: AUDIT_ACTIONS.pageTrashed,
      by,
      wikiId: page.wikiId,
      target: { type: "page", id: page.id },
      details: { title: page.title, subPages: ids.length - 1 },
    });
    return ids;
  });
  for (const id of ids) {
    registry().collab?.closePageConnections(id);
    await indexPage(id);
  }
  return ids;
}

/** Brings a page (and the sub-pages trashed with it) back; if its parent is still trashed, it returns to the top level. */
export async function restorePage(pageId: string, by: ActorRef): Promise<Page> {
  const restored = await transaction(async () => {
    const page = await findPageById(pageId);
    if (!page || !page.deletedAt) throw notFound("No such page in the trash");
    const trashed = (await listTrashedPages(page.wikiId)).filter((p) => p.deletedAt?.getTime() === page.deletedAt?.getTime());
    const ids = subtreeIds(page.id, trashed);
    await setPagesTrashed(ids, null);
    const parent = page.parentId ? await findPageById(page.parentId) : undefined;
    if (page.parentId && (!parent || parent.deletedAt)) await updatePageFields(page.id, { parentId: null });
    await recordAuditAsync({
      action: AUDIT_ACTIONS.pageRestored,
      by,
      wikiId: page.wikiId,
      target: { type: "page", id: page.id },
      details: { title: page.title, subPages: ids.length - 1 },
    });
    return { page: { ...page, deletedAt: null, parentId: parent && !parent.deletedAt ? page.parentId : null }, ids };
  });
  for (const id of restored.ids) await reindexPageAndComments(id);
  return restored.page;
}

/** Rename and/or move in one transaction: a refused move leaves the title untouched too. */
export async function updatePage(
  pageId: string,
  changes: { title?: string; parentId?: string | null; position?: number },
  by: ActorRef,
): Promise<Page> {
  return transaction(async () => {
    const page = await findPageById(pageId);
    if (!page) throw notFound("Page not found");
    if (changes.title !== undefined) await renamePage(page.id, changes.title, by);
    if (changes.parentId !== undefined || changes.position !== undefined) {
      await movePage(page.id, changes.parentId !== undefined ? changes.parentId : page.parentId, by, changes.position);
    }
    return (await findPageById(page.id))!;
  });
}
