import { endpoint } from "@/lib/api/endpoint";
import { suggestionListView } from "@/lib/api/suggestion-presenters";
import { listPageSuggestions } from "@/lib/commands/suggestions";
import { requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}/suggestions (members): pending suggestions first, then decided ones. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/suggestions",
    operationId: "listSuggestions",
    summary: "List a page's suggestions (tracked changes): pending ones in document order, then decided ones",
    action: "page.read",
    response: { status: 200, description: "The page's suggestions", schema: suggestionListView },
    errors: [403, 404],
  },
  async ({ user, params }) => {
    const { page } = await requirePageAccess(user.id, params.pageId, "page.read");
    return { suggestions: await listPageSuggestions(page.id) };
  },
);
