import { findDuplicateSources, findSource, insertSource, mergeSourceRows, updateSourceRow } from "@/db/queries/sources";
import type { Source } from "@/db/schema";
import { writeTransaction } from "@/db/client";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAudit, type ActorRef } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { dedupeKeyFor, sourceInputSchema, type SourceInput } from "./kinds";
import { tellOpenPagesCitationsChanged } from "@/lib/citations/notify";

function valid(input: SourceInput): SourceInput {
  const parsed = sourceInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues.map((issue) => issue.message).join("; "));
  return parsed.data;
}

export type SavedSource = { source: Source; duplicates: Source[] };

/**
 * Adds a source to a wiki's registry. A likely duplicate (same UN symbol, same court and case…)
 * does not stop the entry, which may be deliberate (two phases of one case); it is returned so
 * the caller can say "looks like X" and offer a merge. Authorization is the caller's.
 */
export function createSource(wikiId: string, input: SourceInput, by: ActorRef): SavedSource {
  const checked = valid(input);
  const dedupeKey = dedupeKeyFor(checked);
  const saved = writeTransaction(() => {
    const duplicates = dedupeKey ? findDuplicateSources(wikiId, dedupeKey) : [];
    const source = insertSource({
      id: newId(),
      wikiId,
      kind: checked.kind,
      title: checked.title,
      shortTitle: checked.shortTitle,
      fields: JSON.stringify(checked.fields),
      url: checked.url,
      notes: checked.notes,
      dedupeKey,
      createdBy: actorId(by),
    });
    recordAudit({
      action: AUDIT_ACTIONS.sourceCreated,
      by,
      wikiId,
      target: { type: "source", id: source.id },
      details: { title: source.title, kind: source.kind },
    });
    return { source, duplicates };
  });
  tellOpenPagesCitationsChanged(wikiId);
  return saved;
}

/** Replaces a source's description (every footnote citing it reads the new wording). */
export function updateSource(sourceId: string, input: SourceInput, by: ActorRef): SavedSource {
  const checked = valid(input);
  const dedupeKey = dedupeKeyFor(checked);
  const saved = writeTransaction(() => {
    const existing = findSource(sourceId);
    if (!existing || existing.mergedInto) throw new AppError("not_found", "Source not found");
    const source = updateSourceRow(sourceId, {
      kind: checked.kind,
      title: checked.title,
      shortTitle: checked.shortTitle,
      fields: JSON.stringify(checked.fields),
      url: checked.url,
      notes: checked.notes,
      dedupeKey,
    })!;
    recordAudit({
      action: AUDIT_ACTIONS.sourceUpdated,
      by,
      wikiId: source.wikiId,
      target: { type: "source", id: source.id },
      details: { title: source.title },
    });
    return { source, duplicates: dedupeKey ? findDuplicateSources(source.wikiId, dedupeKey, source.id) : [] };
  });
  tellOpenPagesCitationsChanged(saved.source.wikiId);
  return saved;
}

/** Merges a duplicate into the source that stays; citations of either now read as the survivor. */
export function mergeSources(fromId: string, intoId: string, by: ActorRef): Source {
  if (fromId === intoId) throw new AppError("bad_request", "A source cannot be merged into itself");
  const survivor = writeTransaction(() => {
    const from = findSource(fromId);
    const into = findSource(intoId);
    if (!from || from.mergedInto) throw new AppError("not_found", "Source not found");
    if (!into || into.mergedInto || into.wikiId !== from.wikiId)
      throw new AppError("bad_request", "Merge into a live source of the same wiki");
    mergeSourceRows(from.id, into.id);
    recordAudit({
      action: AUDIT_ACTIONS.sourceMerged,
      by,
      wikiId: from.wikiId,
      target: { type: "source", id: into.id },
      details: { merged: from.title, into: into.title },
    });
    return into;
  });
  tellOpenPagesCitationsChanged(survivor.wikiId);
  return survivor;
}
