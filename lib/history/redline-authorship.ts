import { findPageById } from "@/db/queries/pages";
import { listRevisions } from "@/db/queries/revisions";
import { findUsersByIds } from "@/db/queries/users";
import type { VersionRef } from "./compare";
import { parseContributors } from "./revisions";

/** Who made the changes between two points of a page's history, and when the later one was made. */
export type RedlineAuthorship = { author: string; date: Date };

/**
 * Tracked changes need an author and a date. Word-level changes are not attributed to single
 * versions, so every change of the redline is credited to the contributors of the versions the
 * comparison spans (after `from`, up to `to`), dated when `to` was made (or last edited, for
 * the current page).
 */
export function redlineAuthorship(pageId: string, from: VersionRef, to: VersionRef): RedlineAuthorship {
  const numberOf = (ref: VersionRef) => (ref === "current" ? Number.POSITIVE_INFINITY : ref);
  const low = Math.min(numberOf(from), numberOf(to));
  const high = Math.max(numberOf(from), numberOf(to));
  const spanned = listRevisions(pageId).filter((v) => v.number > low && v.number <= high);
  const userIds = [...new Set(spanned.flatMap((v) => [...parseContributors(v), ...(v.createdBy ? [v.createdBy] : [])]))];
  const names = findUsersByIds(userIds).map((u) => u.name).sort((a, b) => a.localeCompare(b));
  const later = high === Number.POSITIVE_INFINITY ? undefined : spanned.find((v) => v.number === high);
  const date = later?.createdAt ?? findPageById(pageId)?.updatedAt ?? new Date();
  return { author: names.length ? names.join(", ") : "Opinio", date };
}
