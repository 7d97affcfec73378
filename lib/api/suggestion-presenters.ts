import { z } from "zod";

/** REST shapes for suggestions (tracked changes, issue 19); lib/commands/suggestions.ts fills them. */
export const suggestionView = z.object({
  id: z.string(),
  kind: z
    .enum(["insert", "delete", "replace", "insert-block", "delete-block", "split", "join"])
    .describe(
      "What the suggestion does: inline text added, removed or replaced; whole blocks added or removed; a paragraph split or joined",
    ),
  authorId: z.string(),
  authorName: z.string().nullable().describe("null when the suggester's account no longer exists"),
  createdAt: z.string().describe("When it was suggested (ISO 8601, as the suggestion carries it)"),
  text: z.string().describe(`A summary for people, e.g. "Replace 'binding' with 'emerging'"`),
  status: z.enum(["pending", "accepted", "rejected", "withdrawn"]),
});

export const suggestionListView = z.object({
  suggestions: z.array(suggestionView).describe("Pending suggestions first, in document order, then decided ones, the latest first"),
});

export const decideAllView = z.object({ decided: z.number().int().describe("How many suggestions were decided") });

export type SuggestionView = z.infer<typeof suggestionView>;
