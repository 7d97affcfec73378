import { endpoint } from "@/lib/api/endpoint";
import { suggestionView } from "@/lib/api/suggestion-presenters";
import { decideSuggestion } from "@/lib/commands/suggestions";

/** POST /api/v1/suggestions/{suggestionId}/reject: 409 when the suggestion is no longer pending. */
export const POST = endpoint(
  {
    method: "POST",
    path: "/suggestions/{suggestionId}/reject",
    operationId: "rejectSuggestion",
    summary: "Reject a suggestion (editors and owners)",
    description:
      "A live change on the page, seen at once by everyone who has it open. The first decision on a suggestion wins; a later one is answered 409.",
    action: "suggestion.decide",
    response: { status: 200, description: "The suggestion as decided", schema: suggestionView },
    errors: [403, 404, 409],
  },
  async ({ actor, params }) => decideSuggestion(actor, params.suggestionId, "reject"),
);
