import { replacePageLinks } from "@/db/queries/links";
import { findPageContentSync } from "@/db/queries/page-content";
import { findPageByIdSync, listPagesSync } from "@/db/queries/pages";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { createPageDirectory } from "./directory";
import { extractLinks } from "./extract";

/**
 * Rebuilds the links table rows of one page from its compacted content. Runs where the search
 * index is updated (page birth, compaction): seconds behind the editor, never per keystroke.
 */
export function refreshPageLinks(pageId: string): void {
  const page = findPageByIdSync(pageId);
  const content = findPageContentSync(pageId);
  if (!page || !content) return;
  // A link someone only suggested is no link yet: "Linked from" follows the text of record.
  const links = extractLinks(contentWithoutSuggestions(JSON.parse(content.json)));
  // Links typed by title (`[[Title]]`, Markdown) point at a page once one has that title.
  const directory = createPageDirectory("", links.some((l) => !l.pageId) ? listPagesSync(page.wikiId) : []);
  replacePageLinks(
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
