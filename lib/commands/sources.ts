import { transaction } from "@/db/executor";
import { findDuplicateSources, findSource, insertSource, mergeSourceRows, updateSourceRow } from "@/db/queries/sources";
import type { Source } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAuditAsync, type ActorRef } from "@/lib/audit/record";
import { tellOpenPagesCitationsChanged } from "@/lib/citations/notify";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { dedupeKeyFor, sourceInputSchema, type SourceInput } from "@/lib/sources/kinds";

/** A checked description as the sources table stores it. */
function storedDescription(checked: SourceInput, dedupeKey: string | null) {
  const { kind, title, shortTitle, url, notes } = checked;
  return { kind, title, shortTitle, fields: JSON.stringify(checked.fields), url, notes, dedupeKey };
}

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
export async function createSource(wikiId: string, input: SourceInput, by: ActorRef): Promise<SavedSource> {
  const checked = valid(input);
  const dedupeKey = dedupeKeyFor(checked);
  const saved = await transaction(async () => {
    const duplicates = dedupeKey ? await findDuplicateSources(wikiId, dedupeKey) : [];
    const source = await insertSource({
      id: newId(),
      wikiId,
      ...storedDescription(checked, dedupeKey),
      createdBy: actorId(by),
    });
    await recordAuditAsync({
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
export async function updateSource(sourceId: string, input: SourceInput, by: ActorRef): Promise<SavedSource> {
  const checked = valid(input);
  const dedupeKey = dedupeKeyFor(checked);
  const saved = await transaction(async () => {
    const existing = await findSource(sourceId);
    if (!existing || existing.mergedInto) throw new AppError("not_found", "Source not found");
    const source = (await updateSourceRow(sourceId, storedDescription(checked, dedupeKey)))!;
    await recordAuditAsync({
      action: AUDIT_ACTIONS.sourceUpdated,
      by,
      wikiId: source.wikiId,
      target: { type: "source", id: source.id },
      details: { title: source.title },
    });
    return { source, duplicates: dedupeKey ? await findDuplicateSources(source.wikiId, dedupeKey, source.id) : [] };
  });
  tellOpenPagesCitationsChanged(saved.source.wikiId);
  return saved;
}

/** Merges a duplicate into the source that stays; citations of either now read as the survivor. */
export async function mergeSources(fromId: string, intoId: string, by: ActorRef): Promise<Source> {
  if (fromId === intoId) throw new AppError("bad_request", "A source cannot be merged into itself");
  const survivor = await transaction(async () => {
    const from = await findSource(fromId);
    const into = await findSource(intoId);
    if (!from || from.mergedInto) throw new AppError("not_found", "Source not found");
    if (!into || into.mergedInto || into.wikiId !== from.wikiId)
      throw new AppError("bad_request", "Merge into a live source of the same wiki");
    await mergeSourceRows(from.id, into.id);
    await recordAuditAsync({
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
