import type { JSONContent } from "@tiptap/core";
import { listRevisions, type RevisionMeta } from "@/db/queries/revisions";
import { flattenDocument, type DocBlock } from "./blocks";
import { diffDocuments } from "./diff";
import { parseContributors, revisionJSON } from "./revisions";

/** Who last changed a block, as far as the stored versions tell. */
export type BlockAttribution = { block: DocBlock; version: number | null; userIds: string[]; at: Date | null };

/** Attribution walks this many most recent versions; older blocks are credited to the oldest one walked. */
export const ATTRIBUTION_DEPTH = 200;

type Credit = { version: number; userIds: string[]; at: Date };

/**
 * "Who wrote this": replays the page's versions oldest to newest, diffing each against the one
 * before; a block added or changed in version k is credited to k's contributors and time, and
 * unchanged or moved blocks keep their earlier credit. The current content is compared with the
 * newest version, so edits not yet in a version show as such (version null).
 */
export function attributeBlocks(pageId: string, current: JSONContent): BlockAttribution[] {
  const versions = listRevisions(pageId).slice(0, ATTRIBUTION_DEPTH).reverse();
  let credits: (Credit | null)[] = [];
  let previous: JSONContent = { type: "doc", content: [] };
  const step = (next: JSONContent, credit: Credit | null) => {
    const diff = diffDocuments(previous, next);
    const nextCredits: (Credit | null)[] = new Array(flattenDocument(next).length).fill(credit);
    for (const change of diff.blocks) {
      if (change.afterIndex === undefined) continue;
      if (change.type === "unchanged" || change.type === "moved") nextCredits[change.afterIndex] = credits[change.beforeIndex!] ?? credit;
    }
    credits = nextCredits;
    previous = next;
  };
  versions.forEach((v: RevisionMeta) => step(revisionJSON(pageId, v.number), { version: v.number, userIds: parseContributors(v), at: v.createdAt }));
  step(current, null);
  return flattenDocument(current).map((block, i) => ({ block, version: credits[i]?.version ?? null, userIds: credits[i]?.userIds ?? [], at: credits[i]?.at ?? null }));
}
