import { endpoint } from "@/lib/api/endpoint";
import { decideAllView } from "@/lib/api/suggestion-presenters";
import { decideAllSuggestions } from "@/lib/commands/suggestions";
import { decideAllSuggestionsSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/** POST /api/v1/pages/{pageId}/suggestions/accept-all {authorId?} (editors and owners). */
export const POST = endpoint(
  {
    method: "POST",
    path: "/pages/{pageId}/suggestions/accept-all",
    operationId: "acceptAllSuggestions",
    summary: "Accept every pending suggestion of a page, or one author's (editors and owners)",
    description: "A live change on the page, seen at once by everyone who has it open. Suggestions decided meanwhile are left out.",
    action: "suggestion.decide",
    body: decideAllSuggestionsSchema,
    response: { status: 200, description: "How many suggestions were decided", schema: decideAllView },
    errors: [400, 403, 404, 413, 415],
  },
  async ({ user, actor, params, body }) => {
    const { page } = await requirePageAccess(user.id, params.pageId, "suggestion.decide");
    return decideAllSuggestions(actor, page.id, "accept", body.authorId);
  },
);
