import { endpoint } from "@/lib/api/endpoint";
import { readPageContent } from "@/lib/pages/content";
import { footnotesView, pageFootnotes } from "@/lib/sources/present";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { requirePageAccess } from "@/lib/wikis/access";

/**
 * GET /api/v1/pages/{pageId}/citations: the page's footnotes in document order, worded in the wiki's style,
 * numbered in the text of record (a citation only suggested is not a footnote yet).
 */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/citations",
    operationId: "listPageCitations",
    summary:
      "The page's footnotes: one per citation in document order, worded in the wiki's citation style (ibid and short forms included)",
    action: "page.read",
    response: { status: 200, description: "The footnotes", schema: footnotesView },
    errors: [404],
  },
  async ({ user, params }) => {
    const { page, wiki } = await requirePageAccess(user.id, params.pageId, "page.read");
    const notes = await pageFootnotes(contentWithoutSuggestions((await readPageContent(page.id)).json), wiki);
    return {
      style: wiki.citationStyle,
      footnotes: notes.map((n) => ({ number: n.number, sourceId: n.sourceId, pinpoint: n.pinpoint, text: n.text, runs: n.runs })),
    };
  },
);
