import type { JSONContent } from "@tiptap/core";
import type { ActorRef } from "@/lib/audit/record";
import { decideListed, listSuggestions, type SuggestionSummary } from "./view";

/**
 * A decision on a page's suggestions as data (issue 20): what the command asks and the page's
 * owner carries out on the live document, possibly on another instance, so it must travel as
 * JSON. Withdrawing is a rejection as far as the body is concerned.
 */
export type SuggestionDecisionRequest = {
  decision: "accept" | "reject";
  /** One suggestion by id, or every pending one (only `authorId`'s when given). */
  of: { suggestionId: string } | { all: true; authorId?: string };
};

/**
 * Who decided, and how, for the record the deciding instance writes once the body has changed
 * (lib/commands/suggestions.ts: recordSuggestionDecisions). A withdrawal is recorded as one.
 */
export type SuggestionDecisionRecord = { by: ActorRef; as: "accept" | "reject" | "withdraw" };

/** The body after the decision (null: nothing to do) and the suggestions it decided. */
export type SuggestionDecisionOutcome = { next: JSONContent | null; decided: SuggestionSummary[] };

/**
 * Decides on `json` what `request` asks, as of this body: suggestions no longer pending are not
 * decided again (the first decision wins). Each suggestion is decided on its own author's parts,
 * so a mark someone else put under its id stays; several are decided together in one pass.
 */
export function decideOnBody(json: JSONContent, request: SuggestionDecisionRequest): SuggestionDecisionOutcome {
  const { of } = request;
  const pending = listSuggestions(json);
  const decided =
    "suggestionId" in of
      ? pending.filter((s) => s.id === of.suggestionId)
      : pending.filter((s) => of.authorId === undefined || s.authorId === of.authorId);
  if (decided.length === 0) return { next: null, decided };
  return { next: decideListed(json, request.decision, decided), decided };
}
