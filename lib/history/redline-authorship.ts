import { findPageById } from "@/db/queries/pages";
import { findRevision, listRevisions, updateAuthorsBetween, type RevisionMeta } from "@/db/queries/revisions";
import { findUsersByIds } from "@/db/queries/users";
import { AppError } from "@/lib/errors";
import { readPageContent } from "@/lib/pages/content";
import { pageContentAt, type VersionRef } from "./compare";
import { RedlineTracer, type CreditedRedline, type HistoryStep } from "./redline-credits";
import { parseContributors, revisionContents } from "./revisions";

/** Who made a change of a redline, when, and in which step of the history: a tracked change's author and date. */
export type RedlineCredit = { author: string; date: Date; label: string };

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
 */
export async function creditedPageRedline(
  pageId: string,
  from: VersionRef,
  to: VersionRef,
  maxSteps = MAX_REDLINE_STEPS,
): Promise<CreditedRedline<RedlineCredit>> {
  const page = findPageById(pageId);
  if (!page) throw new AppError("not_found", "Page not found");
  const backward = rank(from) > rank(to);
  const [early, late] = backward ? [to, from] : [from, to];
  if (late !== "current" && !findRevision(pageId, late)) throw new AppError("not_found", `Version ${late} does not exist`);
  const base = early === BEFORE_FIRST_VERSION ? { type: "doc", content: [] } : pageContentAt(pageId, early);

  const versions = listRevisions(pageId).reverse();
  const spanned = versions.filter((v) => v.number > rank(early) && v.number <= rank(late));
  const live = late === "current" && early !== "current";
  const newest = versions.at(-1);
  const liveUsers = live ? liveEditors(pageId, newest, page.createdBy) : [];

  const overflow = spanned.length + (live ? 1 : 0) - Math.max(1, maxSteps);
  const lumped = overflow > 0 ? spanned.slice(0, overflow + 1) : [];
  const names = userNames([...spanned.flatMap(versionUsers), ...liveUsers]);
  const credit = (userIds: string[], date: Date, label: string): RedlineCredit => ({ author: authorOf(userIds, names), date, label });
  const spanLabel = (list: RevisionMeta[]) =>
    list.length === 1 ? `version ${list[0].number}` : `versions ${list[0].number}–${list.at(-1)!.number}`;
  const liveCredit = credit(liveUsers, page.updatedAt, newest ? `edits since version ${newest.number}` : "current page");
  const lumpCredit = lumped.length > 0 ? credit(lumped.flatMap(versionUsers), lumped.at(-1)!.createdAt, spanLabel(lumped)) : null;
  const fallback =
    spanned.length > 0
      ? credit([...spanned.flatMap(versionUsers), ...liveUsers], live ? page.updatedAt : spanned.at(-1)!.createdAt, spanLabel(spanned))
      : liveCredit;

  function* steps(): Generator<HistoryStep<RedlineCredit>> {
    if (spanned.length > 0) {
      const first = lumped.at(-1) ?? spanned[0];
      const byNumber = new Map(spanned.map((v) => [v.number, v]));
      for (const { number, json } of revisionContents(pageId, first.number, spanned.at(-1)!.number)) {
        const version = byNumber.get(number)!;
        yield {
          json,
          credit:
            lumpCredit && number === first.number ? lumpCredit : credit(versionUsers(version), version.createdAt, `version ${number}`),
        };
      }
    }
    if (live) yield { json: readPageContent(pageId).json, credit: liveCredit };
  }

  const tracer = new RedlineTracer<RedlineCredit>(base);
  for (const step of steps()) {
    tracer.add(step);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return tracer.finish({ backward, fallback });
}

/** A version's authors: whose edits it holds, or whoever recorded it when no edit is attributed. */
function versionUsers(version: RevisionMeta): string[] {
  const contributors = parseContributors(version);
  return contributors.length > 0 ? contributors : version.createdBy ? [version.createdBy] : [];
}

/** Who edited the page since its newest version; else the last people known to have edited it. */
function liveEditors(pageId: string, newest: RevisionMeta | undefined, creator: string | null): string[] {
  const logged = updateAuthorsBetween(pageId, newest?.throughUpdateId ?? 0, Number.MAX_SAFE_INTEGER);
  if (logged.length > 0) return logged;
  if (newest) return versionUsers(newest);
  return creator ? [creator] : [];
}

function userNames(ids: string[]): Map<string, string> {
  return new Map(findUsersByIds([...new Set(ids)]).map((u) => [u.id, u.name]));
}

/** One author string for Word: the names in alphabetical order, or "Opinio" when nobody is known. */
function authorOf(userIds: string[], names: Map<string, string>): string {
  const known = [...new Set(userIds)].flatMap((id) => (names.has(id) ? [names.get(id)!] : []));
  return known.length > 0 ? known.sort((a, b) => a.localeCompare(b)).join(", ") : "Opinio";
}
