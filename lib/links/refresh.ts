import { replacePageLinks } from "@/db/queries/links";
import { findPageContent } from "@/db/queries/page-content";
import { findPageById, listPages } from "@/db/queries/pages";
import { refreshPageCitations } from "@/lib/citations/refresh";
import { logger } from "@/lib/logger";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { createPageDirectory } from "./directory";
import { extractLinks } from "./extract";

/**
 * Rebuilds the links table rows of one page from its compacted content. Runs where the search
 * index is updated (page birth, compaction): seconds behind the editor, never per keystroke.
 */
export async function refreshPageLinks(pageId: string): Promise<void> {
  const page = await findPageById(pageId);
  const content = await findPageContent(pageId);
  if (!page || !content) return;
  // A link someone only suggested is no link yet: "Linked from" follows the text of record.
  const links = extractLinks(contentWithoutSuggestions(JSON.parse(content.json)));
  // Links typed by title (`[[Title]]`, Markdown) point at a page once one has that title.
  const directory = createPageDirectory("", links.some((l) => !l.pageId) ? await listPages(page.wikiId) : []);
  await replacePageLinks(
    page.id,
    page.wikiId,
    links.map((link) => ({
      ordinal: link.ordinal,
      targetPageId: link.pageId ?? directory.byTitle(link.title)?.id ?? null,
      targetTitle: link.title.replace(/\s+/g, " ").trim(),
      blockId: link.blockId,
      context: link.context,
    })),
  );
}

/**
 * Refreshes a page's links and citations without making the caller wait, for the collab server
 * (its compaction path is synchronous and must stay fast) and callers not yet async. On SQLite,
 * outside an open transaction, both are written before this returns. A failure is logged: the
 * rows are derived, and the page's next refresh rebuilds them.
 */
export function refreshLinksAndCitationsSoon(pageId: string): void {
  Promise.all([refreshPageLinks(pageId), refreshPageCitations(pageId)]).catch((error: unknown) =>
    logger.error({ err: error, pageId }, "could not update the page's links or citations"),
  );
}
