import type { JSONContent } from "@tiptap/core";
import { findPageById } from "@/db/queries/pages";
import { findRevision, latestRevision, listRevisions, updateAuthorsBetween, type RevisionMeta } from "@/db/queries/revisions";
import { isMentionedInUpdatesAfter, listSuggestionDecisions } from "@/db/queries/suggestions";
import { findUsersByIds } from "@/db/queries/users";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { readPageContent } from "@/lib/pages/content";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { acceptSuggestions, listSuggestions } from "@/lib/suggestions/view";
import type { VersionRef } from "./compare";
import { RedlineTracer, type CreditedRedline, type HistoryStep } from "./redline-credits";
import { createRevision, parseContributors, revisionContents, revisionJSON } from "./revisions";

/**
 * Who made a change of a redline, when, and in which step of the history: a tracked change's
 * author and date. A suggestion someone accepted is the suggester's change, made when it was
 * accepted, and `acceptedBy` names who accepted it.
 */
export type RedlineCredit = { author: string; date: Date; label: string; acceptedBy?: string };

/**
 * A redline walks at most this many steps of history. When more versions lie between the two
 * compared, the earliest of them are taken together as one step, credited to all their
 * contributors and dated at the last of them (what every change got before changes were
 * credited one by one), so the cost stays bounded and the recent changes stay exact.
 */
export const MAX_REDLINE_STEPS = 200;

/** A point before a page's first version, when it was empty: from there every word of the page is an insertion. */
export const BEFORE_FIRST_VERSION = 0;

const rank = (ref: VersionRef) => (ref === "current" ? Number.POSITIVE_INFINITY : ref);

/**
 * The redline between two points of a page's history (as `comparePageVersions`), each insertion
 * and deletion credited to the version that made it: the versions in between are replayed in
 * order and traced (see `creditRedline`). The current page's unversioned edits are one more step,
 * credited to the people whose edits are logged since the newest version (or, if none are, to
 * that version's contributors, the last known editors) and dated when the page last changed.
 * Comparing a later point with an earlier one credits each change to the version it undoes.
 * From BEFORE_FIRST_VERSION, the whole page is insertions, each credited to who wrote it.
 * Other work on the event loop (live collaboration) runs between steps.
 *
 * The redline reads the accepted text: pending suggestions (issue 19) are not in it. A suggestion
 * accepted within a step is credited to its suggester, not to the step's editors: the step is
 * split, each accepted suggestion taken in first (see `acceptedSteps`).
 */
export async function creditedPageRedline(
  pageId: string,
  from: VersionRef,
  to: VersionRef,
  maxSteps = MAX_REDLINE_STEPS,
): Promise<CreditedRedline<RedlineCredit>> {
  const page = await findPageById(pageId);
  if (!page) throw new AppError("not_found", "Page not found");
  const backward = rank(from) > rank(to);
  const [early, late] = backward ? [to, from] : [from, to];
  if (late !== "current" && !(await findRevision(pageId, late))) throw new AppError("not_found", `Version ${late} does not exist`);
  const baseStored: JSONContent = early === BEFORE_FIRST_VERSION ? { type: "doc", content: [] } : await storedContentAt(pageId, early);
  const base = contentWithoutSuggestions(baseStored);

  const versions = (await listRevisions(pageId)).reverse();
  const spanned = versions.filter((v) => v.number > rank(early) && v.number <= rank(late));
  const live = late === "current" && early !== "current";
  const newest = versions.at(-1);
  const liveUsers = live ? await liveEditors(pageId, newest, page.createdBy) : [];

  const overflow = spanned.length + (live ? 1 : 0) - Math.max(1, maxSteps);
  const lumped = overflow > 0 ? spanned.slice(0, overflow + 1) : [];
  const accepted = await acceptedDecisions(pageId);
  const names = await userNames([
    ...spanned.flatMap(versionUsers),
    ...liveUsers,
    ...[...accepted.values()].flatMap((d) => [d.authorId, d.decidedBy ?? ""]),
  ]);
  const credit = (userIds: string[], date: Date, label: string): RedlineCredit => ({ author: authorOf(userIds, names), date, label });
  const spanLabel = (list: RevisionMeta[]) =>
    list.length === 1 ? `version ${list[0].number}` : `versions ${list[0].number}–${list.at(-1)!.number}`;
  const liveCredit = credit(liveUsers, page.updatedAt, newest ? `edits since version ${newest.number}` : "current page");
  const lumpCredit = lumped.length > 0 ? credit(lumped.flatMap(versionUsers), lumped.at(-1)!.createdAt, spanLabel(lumped)) : null;
  const fallback =
    spanned.length > 0
      ? credit([...spanned.flatMap(versionUsers), ...liveUsers], live ? page.updatedAt : spanned.at(-1)!.createdAt, spanLabel(spanned))
      : liveCredit;

  const acceptedCredit = (decision: AcceptedDecision, stepLabel: string): RedlineCredit => {
    const acceptedBy = decision.decidedBy ? (names.get(decision.decidedBy) ?? "a former member") : "a former member";
    return {
      author: authorOf([decision.authorId], names),
      date: decision.decidedAt,
      label: `suggestion accepted by ${acceptedBy} in ${stepLabel}`,
      acceptedBy,
    };
  };

  /** The history as stored (pending suggestions included): each version, then the live page. */
  async function* storedSteps(): AsyncGenerator<HistoryStep<RedlineCredit>> {
    if (spanned.length > 0) {
      const first = lumped.at(-1) ?? spanned[0];
      const byNumber = new Map(spanned.map((v) => [v.number, v]));
      for await (const { number, json } of revisionContents(pageId, first.number, spanned.at(-1)!.number)) {
        const version = byNumber.get(number)!;
        yield {
          json,
          credit:
            lumpCredit && number === first.number ? lumpCredit : credit(versionUsers(version), version.createdAt, `version ${number}`),
        };
      }
    }
    if (live) yield { json: (await readPageContent(pageId)).json, credit: liveCredit };
  }

  async function* steps(): AsyncGenerator<HistoryStep<RedlineCredit>> {
    let previous = baseStored;
    for await (const step of storedSteps()) {
      yield* acceptedSteps(previous, step, accepted, acceptedCredit);
      previous = step.json;
    }
  }

  const tracer = new RedlineTracer<RedlineCredit>(base);
  for await (const step of steps()) {
    tracer.add(step);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return tracer.finish({ backward, fallback });
}

/** A page's content at a point of its history as stored: with its pending suggestions. */
async function storedContentAt(pageId: string, ref: VersionRef): Promise<JSONContent> {
  if (ref === "current") return (await readPageContent(pageId)).json;
  if (!(await findRevision(pageId, ref))) throw new AppError("not_found", `Version ${ref} does not exist`);
  return revisionJSON(pageId, ref);
}

type AcceptedDecision = { id: string; authorId: string; decidedBy: string | null; decidedAt: Date };

/** The page's accepted suggestions, by id. */
async function acceptedDecisions(pageId: string): Promise<Map<string, AcceptedDecision>> {
  return new Map((await listSuggestionDecisions(pageId)).flatMap((d) => (d.status === "accepted" ? [[d.id, d] as const] : [])));
}

/**
 * One stored step of history as steps of the accepted text. The suggestions pending before the
 * step, gone after it and recorded as accepted are taken in first, one step per decision (those
 * decided together by one person, such as an Accept all, as one per suggester), each credited to
 * its suggester; then the rest of the step, with the step's own credit. The text a suggestion
 * brought is thereby the suggester's, and whatever the editors did to it afterwards is theirs.
 */
function* acceptedSteps(
  previous: JSONContent,
  step: HistoryStep<RedlineCredit>,
  accepted: Map<string, AcceptedDecision>,
  creditOf: (decision: AcceptedDecision, stepLabel: string) => RedlineCredit,
): Generator<HistoryStep<RedlineCredit>> {
  const stillPending = new Set(listSuggestions(step.json).map((s) => s.id));
  const groups = new Map<string, { decision: AcceptedDecision; ids: string[] }>();
  for (const suggestion of listSuggestions(previous)) {
    const decision = accepted.get(suggestion.id);
    // A decision recorded for another author's id is not this suggestion's.
    if (stillPending.has(suggestion.id) || !decision || decision.authorId !== suggestion.authorId) continue;
    const key = JSON.stringify([decision.authorId, decision.decidedBy, decision.decidedAt.getTime()]);
    const group = groups.get(key) ?? { decision, ids: [] };
    group.ids.push(suggestion.id);
    groups.set(key, group);
  }
  let document = previous;
  for (const { decision, ids } of [...groups.values()].sort((a, b) => a.decision.decidedAt.getTime() - b.decision.decidedAt.getTime())) {
    document = acceptSuggestions(document, { ids, authorId: decision.authorId });
    yield { json: contentWithoutSuggestions(document), credit: creditOf(decision, step.credit.label) };
  }
  yield { json: contentWithoutSuggestions(step.json), credit: step.credit };
}

/**
 * Called before suggestions are accepted: records a version of the page as it is when a
 * suggestion to be accepted was made or changed since the newest version (`"all"`: when anything
 * was). The history then holds every accepted suggestion pending in one version and accepted in a
 * later one, which is how a redline tells the suggester's change from the editors' (otherwise a
 * suggestion made and accepted between two versions would read as the editors' edit). Accepting
 * suggestions that the newest version already holds records nothing.
 */
export async function recordVersionBeforeAccepting(pageId: string, suggestionIds: readonly string[] | "all"): Promise<void> {
  const newest = await latestRevision(pageId);
  if (newest && suggestionIds !== "all" && !(await mentionedSince(pageId, newest.throughUpdateId, suggestionIds))) return;
  try {
    await createRevision(pageId, { kind: "auto" });
  } catch (error) {
    // The decision matters more than its exact credit: without this version the redline credits
    // the accepted text to the editors of the version that holds it, as before suggestions existed.
    logger.warn({ err: error, pageId }, "no version recorded before accepting suggestions");
  }
}

/** Whether any of the suggestions was made or changed in the log after `afterUpdateId`. */
async function mentionedSince(pageId: string, afterUpdateId: number, suggestionIds: readonly string[]): Promise<boolean> {
  for (const id of suggestionIds) if (await isMentionedInUpdatesAfter(pageId, afterUpdateId, id)) return true;
  return false;
}

/** A version's authors: whose edits it holds, or whoever recorded it when no edit is attributed. */
function versionUsers(version: RevisionMeta): string[] {
  const contributors = parseContributors(version);
  return contributors.length > 0 ? contributors : version.createdBy ? [version.createdBy] : [];
}

/** Who edited the page since its newest version; else the last people known to have edited it. */
async function liveEditors(pageId: string, newest: RevisionMeta | undefined, creator: string | null): Promise<string[]> {
  const logged = await updateAuthorsBetween(pageId, newest?.throughUpdateId ?? 0);
  if (logged.length > 0) return logged;
  if (newest) return versionUsers(newest);
  return creator ? [creator] : [];
}

async function userNames(ids: string[]): Promise<Map<string, string>> {
  return new Map((await findUsersByIds([...new Set(ids)])).map((u) => [u.id, u.name]));
}

/** One author string for Word: the names in alphabetical order, or "Opinio" when nobody is known. */
function authorOf(userIds: string[], names: Map<string, string>): string {
  const known = [...new Set(userIds)].flatMap((id) => (names.has(id) ? [names.get(id)!] : []));
  return known.length > 0 ? known.sort((a, b) => a.localeCompare(b)).join(", ") : "Opinio";
}
