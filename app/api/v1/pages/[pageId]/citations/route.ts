import { apiRoute } from "@/lib/api/handler";
import { readPageContent } from "@/lib/pages/content";
import { pageFootnotes } from "@/lib/sources/present";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/** GET /api/v1/pages/{pageId}/citations: the page's footnotes in document order, worded in the wiki's style. */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { page, wiki } = requirePageAccess(user.id, params.pageId, "page.read");
  const notes = pageFootnotes(readPageContent(page.id).json, wiki);
  return { style: wiki.citationStyle, footnotes: notes.map((n) => ({ number: n.number, sourceId: n.sourceId, pinpoint: n.pinpoint, text: n.text, runs: n.runs })) };
});
