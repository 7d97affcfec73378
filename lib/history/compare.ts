import type { JSONContent } from "@tiptap/core";
import { findRevision } from "@/db/queries/revisions";
import { AppError } from "@/lib/errors";
import { readPageContent } from "@/lib/pages/content";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { diffDocuments, type DocumentDiff } from "./diff";
import { revisionJSON } from "./revisions";

/** A side of a comparison: a version number, or "current" for the page as it is now. */
export type VersionRef = number | "current";

export function parseVersionRef(raw: string | null | undefined, fallback?: VersionRef): VersionRef {
  if (raw === undefined || raw === null || raw === "") {
    if (fallback !== undefined) return fallback;
    throw new AppError("bad_request", "Say which versions to compare: from=<number> and to=<number or current>");
  }
  if (raw === "current") return "current";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new AppError("bad_request", `"${raw}" is not a version number`);
  return n;
}

/** A page's content at a point of its history; a version that does not exist is not_found. */
export async function pageContentAt(pageId: string, ref: VersionRef): Promise<JSONContent> {
  if (ref === "current") return (await readPageContent(pageId)).json;
  if (!(await findRevision(pageId, ref))) throw new AppError("not_found", `Version ${ref} does not exist`);
  return revisionJSON(pageId, ref);
}

export function labelOf(ref: VersionRef): string {
  return ref === "current" ? "current page" : `version ${ref}`;
}

/**
 * The redline between two points of one page's history, in the text of record: a suggestion
 * pending at either point is left out, so a change shows once it is accepted.
 */
export async function comparePageVersions(pageId: string, from: VersionRef, to: VersionRef): Promise<DocumentDiff> {
  const [early, late] = [await pageContentAt(pageId, from), await pageContentAt(pageId, to)];
  return diffDocuments(contentWithoutSuggestions(early), contentWithoutSuggestions(late));
}
