import { latestRevision } from "@/db/queries/revisions";
import type { Page, Role, Wiki } from "@/db/schema";
import { formatPageCitation, paragraphNumber } from "@/lib/links/citation";
import { can } from "@/lib/policies";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { pageUrl } from "@/lib/wikis/access";
import { createRevision, revisionJSON } from "./revisions";

export type PageCitation = {
  version: number;
  createdAt: Date;
  /** Path of the version view (plus `#block-<id>` when a paragraph is cited). */
  permalink: string;
  paragraph: number | null;
  citation: string;
};

/**
 * A citation of the page as it is now, in the wiki's citation style. A citation must point at a fixed text: when the page has
 * changed since its latest version and the user may save versions, the current content becomes a
 * new version first (an automatic one, skipped when nothing changed); readers cite the latest.
 */
export async function citePage(input: {
  page: Page;
  wiki: Wiki;
  role: Role;
  userId: string;
  blockId?: string | null;
}): Promise<PageCitation> {
  const { page, wiki, role, userId } = input;
  const recorded = can(role, "page.save-version") ? await createRevision(page.id, { kind: "auto", createdBy: userId }) : null;
  const revision = recorded ?? (await latestRevision(page.id));
  if (!revision) throw new Error(`page ${page.id} has no version`);
  const blockId = input.blockId ?? null;
  // Numbered as the version view shows it: in the text of record.
  const paragraph = blockId ? paragraphNumber(contentWithoutSuggestions(await revisionJSON(page.id, revision.number)), blockId) : null;
  const hash = blockId ? `#block-${blockId}` : "";
  return {
    version: revision.number,
    createdAt: revision.createdAt,
    permalink: `${pageUrl(wiki.slug, page.slug)}/history/${revision.number}${hash}`,
    paragraph,
    citation: formatPageCitation(
      { wikiName: wiki.name, pageTitle: page.title, version: revision.number, date: revision.createdAt, paragraph },
      wiki.citationStyle,
    ),
  };
}
