import type { JSONContent } from "@tiptap/core";
import {
  findExistingUserIds,
  findSuggestionDecisions,
  insertSuggestionNotifications,
  listDecidedSuggestionIds,
  listNoticedSuggestionIds,
  listSuggestionAudience,
} from "@/db/queries/suggestion-notifications";
import type { SuggestionDecision } from "@/db/schema";
import { newId } from "@/lib/ids";
import { readPageContent } from "@/lib/pages/content";
import { listSuggestions } from "./view";

/**
 * Suggestions in the Inbox and by e-mail (issues 18 and 19).
 *
 * - "suggestion": a new suggestion on a page tells the page's creator and the editors and owners
 *   credited in its versions (listSuggestionAudience), never the suggester. New suggestions are
 *   found where the page is stored: each time the collab server compacts a page, the suggestion
 *   ids in the stored body are compared with those already noticed. The notices live in the
 *   database, so a restart notices nothing twice, and a suggestion made and taken back between
 *   two compactions bothers nobody.
 * - "decision": accepting or rejecting a suggestion tells its author, unless the author decided
 *   it; withdrawing tells nobody.
 *
 * An item stores only the page and the suggestion id: what the suggestion says is read when the
 * item is shown or mailed (from the page while pending, from its decision after), so an Inbox
 * item reads as the suggestion does now, not as it did in the middle of being typed.
 */

/**
 * Notices suggestions in a page's stored body that nobody was told about yet. Called by the collab
 * server after it stored the body; returns how many notifications it wrote.
 */
export async function notifyNewSuggestions(pageId: string, body: JSONContent, now = new Date()): Promise<number> {
  const pending = listSuggestions(body);
  if (pending.length === 0) return 0;
  const noticed = await listNoticedSuggestionIds(pageId);
  const decided = await listDecidedSuggestionIds(pageId);
  const fresh = pending.filter((s) => !noticed.has(s.id) && !decided.has(s.id));
  if (fresh.length === 0) return 0;
  const audience = await listSuggestionAudience(pageId);
  const known = await findExistingUserIds(fresh.map((s) => s.authorId));
  const rows = fresh.flatMap((s) =>
    audience
      .filter((userId) => userId !== s.authorId)
      .map((userId) => ({
        id: newId(),
        userId,
        kind: "suggestion" as const,
        pageId,
        suggestionId: s.id,
        actorId: known.has(s.authorId) ? s.authorId : null,
        createdAt: now,
      })),
  );
  await insertSuggestionNotifications(rows);
  return rows.length;
}

/**
 * Tells the authors of accepted or rejected suggestions, except an author who decided their own.
 * Runs inside the decision's transaction: decision and notice are stored together.
 */
export async function notifySuggestionDecisions(
  deciderId: string,
  pageId: string,
  decision: "accept" | "reject" | "withdraw",
  decided: { id: string; authorId: string }[],
): Promise<void> {
  if (decision === "withdraw") return;
  const others = decided.filter((s) => s.authorId !== deciderId);
  const known = await findExistingUserIds([deciderId, ...others.map((s) => s.authorId)]);
  const now = new Date();
  await insertSuggestionNotifications(
    others
      .filter((s) => known.has(s.authorId))
      .map((s) => ({
        id: newId(),
        userId: s.authorId,
        kind: "decision" as const,
        pageId,
        suggestionId: s.id,
        actorId: known.has(deciderId) ? deciderId : null,
        createdAt: now,
      })),
  );
}

/** Where a noticed suggestion stands now; `text` is its summary ("Replace 'a' with 'b'"). */
export type NoticedSuggestion =
  | { status: "pending" | SuggestionDecision; text: string }
  /** No longer on the page and never decided: its author took it back by deleting it. */
  | { status: "gone"; text: null };

/** What each of these suggestions says now, by suggestion id. Reads each page at most once. */
export async function describeNoticedSuggestions(
  refs: { pageId: string; suggestionId: string }[],
): Promise<Map<string, NoticedSuggestion>> {
  const described = new Map<string, NoticedSuggestion>();
  for (const [id, decision] of await findSuggestionDecisions(refs.map((r) => r.suggestionId))) {
    described.set(id, { status: decision.status, text: decision.text });
  }
  const pagesToRead = new Set(refs.filter((r) => !described.has(r.suggestionId)).map((r) => r.pageId));
  for (const pageId of pagesToRead) {
    for (const s of listSuggestions((await readPageContent(pageId)).json)) {
      if (!described.has(s.id)) described.set(s.id, { status: "pending", text: s.text });
    }
  }
  for (const ref of refs) if (!described.has(ref.suggestionId)) described.set(ref.suggestionId, { status: "gone", text: null });
  return described;
}
