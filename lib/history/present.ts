import { findUsersByIds, type PublicUser } from "@/db/queries/users";
import type { RevisionMeta } from "@/db/queries/revisions";
import { parseContributors } from "./revisions";

export type VersionSummary = {
  number: number;
  kind: RevisionMeta["kind"];
  name: string | null;
  note: string | null;
  createdAt: Date;
  contributors: PublicUser[];
  wordsAdded: number;
  wordsRemoved: number;
  wordCount: number;
};

/** Revisions with their contributors' names resolved in one query. */
export async function summariseRevisions(revisions: RevisionMeta[]): Promise<VersionSummary[]> {
  const ids = [...new Set(revisions.flatMap(parseContributors))];
  const byId = new Map((await findUsersByIds(ids)).map((u) => [u.id, u]));
  return revisions.map((r) => ({
    number: r.number,
    kind: r.kind,
    name: r.name,
    note: r.note,
    createdAt: r.createdAt,
    contributors: parseContributors(r).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    wordsAdded: r.wordsAdded,
    wordsRemoved: r.wordsRemoved,
    wordCount: r.wordCount,
  }));
}
