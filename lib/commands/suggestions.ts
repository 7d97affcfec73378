import * as Y from "yjs";
import { transaction } from "@/db/executor";
import { appendPageUpdate } from "@/db/queries/page-content";
import { findPageById } from "@/db/queries/pages";
import {
  findPagesMentioning,
  findSuggestionDecision,
  findUserNames,
  insertSuggestionDecisions,
  listSuggestionDecisions,
  lockPageForDecisions,
} from "@/db/queries/suggestions";
import { resolveSuggestionThreads } from "@/db/queries/comments";
import { findMemberRole } from "@/db/queries/wikis";
import type { Page, SuggestionDecision } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAuditAsync, type ActorRef } from "@/lib/audit/record";
import { announceCommentChange } from "@/lib/commands/comments";
import { jsonFromYDoc } from "@/lib/editor/document";
import { recordVersionBeforeAccepting } from "@/lib/history/redline-authorship";
import { replaceDocumentContent } from "@/lib/editor/replace-content";
import { AppError, conflict, notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { authorize } from "@/lib/policies";
import { loadPageDoc, readPageContent } from "@/lib/pages/content";
import { registry } from "@/lib/server/registry";
import { notifySuggestionDecisions } from "@/lib/suggestions/notifications";
import { decideOnBody, type SuggestionDecisionRecord, type SuggestionDecisionRequest } from "@/lib/suggestions/decide";
import { listSuggestions, type SuggestionKind, type SuggestionSummary } from "@/lib/suggestions/view";

/**
 * Deciding suggestions (issue 19): accept, reject, withdraw one, or accept/reject all of a page's
 * (optionally one author's). The change runs on the live document through the collab server, as a
 * restore does, so everyone with the page open sees it at once; it reads and rewrites the body in
 * one step, and decisions on one page run one at a time. The first decision on a suggestion wins:
 * a later one finds it no longer pending and is answered 409 (conflict).
 */

export type SuggestionStatus = "pending" | SuggestionDecision;

export type SuggestionListItem = {
  id: string;
  kind: SuggestionKind;
  authorId: string;
  authorName: string | null;
  createdAt: string;
  text: string;
  status: SuggestionStatus;
};

export type Decision = "accept" | "reject" | "withdraw";

const STATUS_OF: Record<Decision, SuggestionDecision> = { accept: "accepted", reject: "rejected", withdraw: "withdrawn" };
const AUDIT_OF: Record<Decision, (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS]> = {
  accept: AUDIT_ACTIONS.suggestionAccepted,
  reject: AUDIT_ACTIONS.suggestionRejected,
  withdraw: AUDIT_ACTIONS.suggestionWithdrawn,
};

/** Suggestion ids as newSuggestionId makes them (and what a client could plausibly send). */
const SUGGESTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A page's suggestions: pending ones in document order, then decided ones, the latest first. */
export async function listPageSuggestions(pageId: string): Promise<SuggestionListItem[]> {
  const pending = listSuggestions((await readPageContent(pageId)).json);
  const decided = await listSuggestionDecisions(pageId);
  const names = await findUserNames([...pending.map((s) => s.authorId), ...decided.map((d) => d.authorId)]);
  return [
    ...pending.map((s) => ({
      id: s.id,
      kind: s.kind,
      authorId: s.authorId,
      authorName: names.get(s.authorId) ?? null,
      createdAt: s.createdAt,
      text: s.text,
      status: "pending" as const,
    })),
    ...decided.map((d) => ({
      id: d.id,
      kind: d.kind as SuggestionKind,
      authorId: d.authorId,
      authorName: names.get(d.authorId) ?? null,
      createdAt: d.createdAt,
      text: d.text,
      status: d.status,
    })),
  ];
}

/** The page a suggestion id is (or was) on, found from storage; null when no page has it. */
export async function findSuggestionPage(suggestionId: string): Promise<{ page: Page; pending: SuggestionSummary | null } | null> {
  if (!SUGGESTION_ID.test(suggestionId)) return null;
  for (const pageId of await findPagesMentioning(suggestionId)) {
    const page = await findPageById(pageId);
    if (!page || page.deletedAt) continue;
    const pending = listSuggestions((await readPageContent(pageId)).json).find((s) => s.id === suggestionId);
    if (pending) return { page, pending };
  }
  const decided = await findSuggestionDecision(suggestionId);
  const page = decided ? await findPageById(decided.pageId) : undefined;
  return page && !page.deletedAt ? { page, pending: null } : null;
}

/**
 * Decisions on one page run one after the other (in this process; with several instances, the
 * owner's one-step change alone keeps the first decision the winner).
 * On globalThis: each route bundle has its own copy of this module (see lib/server/registry.ts),
 * and an accept and a reject arrive through different routes. First-decision-wins itself does not
 * rest on this queue (the collab server reads and rewrites the body in one step); the queue makes
 * the loser's answer name the winner's decision, which is recorded after the change.
 */
const holder = globalThis as typeof globalThis & {
  __opinioSuggestionQueues?: Map<string, Promise<unknown>>;
  __opinioDecisionsUnderWay?: Map<string, Promise<unknown>>;
};
const pageQueues = (holder.__opinioSuggestionQueues ??= new Map<string, Promise<unknown>>());
/** Single decisions in progress in this process, by suggestion id (see decideSuggestion). */
const decisionsUnderWay = (holder.__opinioDecisionsUnderWay ??= new Map<string, Promise<unknown>>());

function onePageAtATime<T>(pageId: string, work: () => Promise<T>): Promise<T> {
  const previous = pageQueues.get(pageId) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  pageQueues.set(pageId, settled);
  void settled.then(() => {
    if (pageQueues.get(pageId) === settled) pageQueues.delete(pageId);
  });
  return next;
}

/**
 * Decides suggestions on a page's body, records the decisions and answers which were decided
 * (none when none was still pending): on the live document, through the collab server when it
 * runs in this process (which carries it out on the page's owner, possibly another instance, and
 * records it there: recordSuggestionDecisions), else in the stored update log (CLI, tests), read
 * and appended in one transaction that decisions on the page take one at a time
 * (lockPageForDecisions: on PostgreSQL another process may decide too), and recorded here. Both
 * decide with the same function (lib/suggestions/decide.ts).
 */
async function decideOnPage(page: Page, made: SuggestionDecisionRecord, request: SuggestionDecisionRequest): Promise<SuggestionSummary[]> {
  const collab = registry().collab;
  if (collab) {
    const decided = await collab.decideSuggestions(page.id, made, request);
    if (!decided) throw new AppError("internal", "The decision could not be saved, so the page is unchanged. Try again.");
    return decided;
  }
  const userId = actorId(made.by);
  const decided = await transaction(async () => {
    await lockPageForDecisions(page.id);
    const loaded = await loadPageDoc(page.id);
    if (!loaded) throw notFound("Page not found");
    const { doc } = loaded;
    try {
      const { next, decided } = decideOnBody(jsonFromYDoc(doc), request);
      if (!next) return decided;
      const before = Y.encodeStateVector(doc);
      replaceDocumentContent(doc, next);
      await appendPageUpdate(page.id, Y.encodeStateAsUpdate(doc, before), userId);
      return decided;
    } finally {
      doc.destroy();
    }
  });
  await record(made.by, page, made.as, decided);
  return decided;
}

/**
 * Records decisions the collab server made on a page's live body, on the instance that made them
 * (lib/collab/server.ts calls it before answering).
 */
export async function recordSuggestionDecisions(
  pageId: string,
  made: SuggestionDecisionRecord,
  decided: SuggestionSummary[],
): Promise<void> {
  const page = await findPageById(pageId);
  if (!page) throw notFound("Page not found");
  await record(made.by, page, made.as, decided);
}

/**
 * So the history shows the suggestions before they were accepted, and a redline credits their
 * suggesters (lib/history/redline-authorship.ts). The decision matters more than its exact
 * credit: a version that cannot be recorded (the page's history changing too fast, a storage
 * error) is logged and the accept goes on.
 */
async function versionBeforeAccepting(pageId: string, suggestionIds: readonly string[] | "all"): Promise<void> {
  try {
    await recordVersionBeforeAccepting(pageId, suggestionIds);
  } catch (error) {
    logger.warn({ err: error, pageId }, "no version recorded before accepting suggestions");
  }
}

async function alreadyDecided(id: string): Promise<AppError> {
  const decided = await findSuggestionDecision(id);
  return conflict(decided ? `This suggestion was already ${decided.status}` : "This suggestion is no longer pending");
}

/**
 * Accepts, rejects or withdraws one suggestion. Accepting and rejecting need `suggestion.decide`;
 * withdrawing is for the suggestion's author alone. Outsiders are told it does not exist.
 */
export async function decideSuggestion(actor: ActorRef, suggestionId: string, decision: Decision): Promise<SuggestionListItem> {
  const userId = actorId(actor);
  let found = await findSuggestionPage(suggestionId);
  const deciding = decisionsUnderWay.get(suggestionId);
  if (!found && deciding) {
    // Between a decision taking the suggestion out of the body and recording it, it is in neither:
    // a second decision arriving then looks again once the first is done (and is told it lost).
    await deciding.catch(() => undefined);
    found = await findSuggestionPage(suggestionId);
  }
  if (!found) throw notFound("Suggestion not found");
  const { page } = found;
  const role = await findMemberRole(page.wikiId, userId);
  authorize(role, "page.read");
  if (decision === "withdraw") {
    authorize(role, "page.suggest");
    const authorId = found.pending?.authorId ?? (await findSuggestionDecision(suggestionId))?.authorId;
    if (authorId !== userId) throw new AppError("forbidden", "Only the suggestion's author may withdraw it");
  } else authorize(role, "suggestion.decide");

  const underWay = onePageAtATime(page.id, async () => {
    if (decision === "accept") await versionBeforeAccepting(page.id, [suggestionId]);
    const [decided] = await decideOnPage(
      page,
      { by: actor, as: decision },
      // Withdrawn, a suggestion leaves the body as a rejected one does.
      { decision: decision === "accept" ? "accept" : "reject", of: { suggestionId } },
    );
    if (!decided) throw await alreadyDecided(suggestionId);
    const names = await findUserNames([decided.authorId]);
    return {
      id: decided.id,
      kind: decided.kind,
      authorId: decided.authorId,
      authorName: names.get(decided.authorId) ?? null,
      createdAt: decided.createdAt,
      text: decided.text,
      status: STATUS_OF[decision],
    };
  });
  decisionsUnderWay.set(suggestionId, underWay);
  try {
    return await underWay;
  } finally {
    if (decisionsUnderWay.get(suggestionId) === underWay) decisionsUnderWay.delete(suggestionId);
  }
}

/** Accepts or rejects every pending suggestion of a page, or only `authorId`'s. Returns how many. */
export async function decideAllSuggestions(
  actor: ActorRef,
  pageId: string,
  decision: "accept" | "reject",
  authorId?: string,
): Promise<{ decided: number }> {
  return onePageAtATime(pageId, async () => {
    const page = await findPageById(pageId);
    if (!page) throw notFound("Page not found");
    if (decision === "accept") await versionBeforeAccepting(pageId, "all");
    const decided = await decideOnPage(page, { by: actor, as: decision }, { decision, of: { all: true, authorId } });
    return { decided: decided.length };
  });
}

/**
 * Records decisions already made on the body: the decisions, their authors' notices, the audit
 * entry and the resolved reply threads, in one transaction.
 */
async function record(actor: ActorRef, page: Page, decision: Decision, decided: SuggestionSummary[]): Promise<void> {
  if (decided.length === 0) return;
  const now = new Date();
  const names = await findUserNames(decided.map((s) => s.authorId));
  const resolvedThreads = await transaction(async () => {
    await insertSuggestionDecisions(
      decided.map((s) => ({
        id: s.id,
        pageId: page.id,
        authorId: s.authorId,
        kind: s.kind,
        text: s.text,
        createdAt: s.createdAt,
        status: STATUS_OF[decision],
        decidedBy: actorId(actor),
        decidedAt: now,
      })),
    );
    await notifySuggestionDecisions(actorId(actor), page.id, decision, decided);
    await recordAuditAsync({
      action: AUDIT_OF[decision],
      by: actor,
      wikiId: page.wikiId,
      target: { type: "page", id: page.id },
      details:
        decided.length === 1
          ? { title: page.title, suggestionId: decided[0].id, text: decided[0].text, authorName: names.get(decided[0].authorId) ?? null }
          : { title: page.title, count: decided.length },
    });
    // A decided suggestion's reply thread is done with: resolved by whoever decided, it stays
    // readable among the resolved threads, labelled with the decision.
    return resolveSuggestionThreads(
      page.id,
      decided.map((s) => s.id),
      actorId(actor),
      now,
    );
  });
  registry().collab?.broadcastToPage(page.id, { type: "suggestions-changed" });
  if (resolvedThreads.length > 0) announceCommentChange(page.id, resolvedThreads[0]);
}
