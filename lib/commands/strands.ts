import { transaction } from "@/db/executor";
import { findPageById } from "@/db/queries/pages";
import {
  deleteRelation,
  findRelation,
  findStrandFields,
  insertRelation,
  relationExists,
  setWikiThesis,
  upsertStrandFields,
  type StrandValues,
} from "@/db/queries/strands";
import { findWikiById } from "@/db/queries/wikis";
import type { Page, RelationKind, Stance, StrandRelation, StrandStatus } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAuditAsync, type ActorRef } from "@/lib/audit/record";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { RELATION_LABELS } from "@/lib/strands/labels";

/** What a page's strand is before anyone sets a field (no row is stored for it). */
export const EMPTY_STRAND: StrandValues = { claim: "", stance: null, status: "draft" };

export async function readStrand(pageId: string): Promise<StrandValues> {
  const row = await findStrandFields(pageId);
  return row ? { claim: row.claim, stance: row.stance, status: row.status } : EMPTY_STRAND;
}

async function livePage(pageId: string): Promise<Page> {
  const page = await findPageById(pageId);
  if (!page || page.deletedAt) throw notFound("Page not found");
  return page;
}

/**
 * Changes some of a page's strand fields (claim, stance, status); fields left undefined keep
 * their value. A change that changes nothing writes nothing and records nothing.
 */
export async function updateStrand(
  pageId: string,
  changes: { claim?: string; stance?: Stance | null; status?: StrandStatus },
  by: ActorRef,
): Promise<StrandValues> {
  return transaction(async () => {
    const page = await livePage(pageId);
    const before = await readStrand(page.id);
    const after: StrandValues = {
      claim: changes.claim ?? before.claim,
      stance: changes.stance === undefined ? before.stance : changes.stance,
      status: changes.status ?? before.status,
    };
    const changed = (Object.keys(after) as (keyof StrandValues)[]).filter((key) => after[key] !== before[key]);
    if (!changed.length) return before;
    await upsertStrandFields(page.id, after, actorId(by));
    await recordAuditAsync({
      action: AUDIT_ACTIONS.strandUpdated,
      by,
      wikiId: page.wikiId,
      target: { type: "page", id: page.id },
      details: { title: page.title, changes: changed.map((key) => `${key}: ${after[key] || "unset"}`).join("; ") },
    });
    return after;
  });
}

/**
 * Records "from [kind] to" between two live strands of the same wiki. Self-relations and
 * duplicates (same from, to and kind) are refused with a message saying why.
 */
export async function addRelation(
  input: { fromPageId: string; toPageId: string; kind: RelationKind; note?: string },
  by: ActorRef,
): Promise<StrandRelation> {
  return transaction(async () => {
    const from = await livePage(input.fromPageId);
    const to = await findPageById(input.toPageId);
    if (!to || to.deletedAt || to.wikiId !== from.wikiId) throw badRequest("The other strand must be a page of the same wiki");
    if (from.id === to.id) throw badRequest("A strand cannot be related to itself");
    if (await relationExists(from.id, to.id, input.kind)) {
      throw conflict(`“${from.title}” already ${RELATION_LABELS[input.kind]} “${to.title}”`);
    }
    const relation = await insertRelation({
      id: newId(),
      wikiId: from.wikiId,
      fromPageId: from.id,
      toPageId: to.id,
      kind: input.kind,
      note: input.note ?? "",
      createdBy: actorId(by),
    });
    await recordAuditAsync({
      action: AUDIT_ACTIONS.relationAdded,
      by,
      wikiId: from.wikiId,
      target: { type: "relation", id: relation.id },
      details: { title: from.title, kind: input.kind, toTitle: to.title, note: relation.note },
    });
    return relation;
  });
}

export async function removeRelation(relationId: string, by: ActorRef): Promise<void> {
  await transaction(async () => {
    const relation = await findRelation(relationId);
    if (!relation) throw notFound("Relation not found");
    await deleteRelation(relation.id);
    await recordAuditAsync({
      action: AUDIT_ACTIONS.relationRemoved,
      by,
      wikiId: relation.wikiId,
      target: { type: "relation", id: relation.id },
      details: {
        title: (await findPageById(relation.fromPageId))?.title ?? "",
        kind: relation.kind,
        toTitle: (await findPageById(relation.toPageId))?.title ?? "",
      },
    });
  });
}

export async function updateThesis(wikiId: string, thesis: string, by: ActorRef): Promise<string> {
  return transaction(async () => {
    const wiki = await findWikiById(wikiId);
    if (!wiki) throw notFound("Wiki not found");
    if (wiki.thesis === thesis) return thesis;
    await setWikiThesis(wiki.id, thesis);
    await recordAuditAsync({
      action: AUDIT_ACTIONS.thesisChanged,
      by,
      wikiId: wiki.id,
      target: { type: "wiki", id: wiki.id },
      details: { thesis },
    });
    return thesis;
  });
}
