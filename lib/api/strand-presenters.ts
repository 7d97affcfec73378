import { z } from "zod";
import type { RelationWithPages, StrandNodeRow, StrandValues } from "@/db/queries/strands";
import { RELATION_KINDS, STANCES, STRAND_STATUSES, type StrandRelation, type Wiki } from "@/db/schema";
import { pageUrl } from "@/lib/wikis/access";

/** Response shapes for argument strands, relations and the argument map (documented in OpenAPI). */

const stance = z.enum(STANCES).nullable().describe("Toward the wiki's thesis; null while unset");
const status = z.enum(STRAND_STATUSES);
const kind = z.enum(RELATION_KINDS);

export const strandView = z.object({
  pageId: z.string(),
  claim: z.string().describe("One sentence; empty while unset"),
  stance,
  status,
});
export type StrandView = z.infer<typeof strandView>;

export const relationView = z.object({
  id: z.string(),
  kind,
  note: z.string(),
  fromPageId: z.string(),
  toPageId: z.string(),
  direction: z.enum(["outgoing", "incoming"]).describe("Seen from the page asked about: outgoing when it is the relation's source"),
  other: z.object({ pageId: z.string(), title: z.string(), url: z.string() }).describe("The strand at the other end"),
  createdAt: z.string(),
});
export type RelationView = z.infer<typeof relationView>;

export const relationsView = z.object({
  outgoing: z.array(relationView).describe("This strand → another"),
  incoming: z.array(relationView).describe("Another strand → this one"),
});
export type RelationsView = z.infer<typeof relationsView>;

export const argumentMapView = z.object({
  wikiId: z.string(),
  thesis: z.string(),
  nodes: z.array(
    z.object({ id: z.string().describe("The page id"), title: z.string(), url: z.string(), claim: z.string(), stance, status }),
  ),
  edges: z.array(z.object({ id: z.string(), from: z.string(), to: z.string(), kind, note: z.string() })),
});
export type ArgumentMapView = z.infer<typeof argumentMapView>;

export function presentStrand(pageId: string, values: StrandValues): StrandView {
  return { pageId, claim: values.claim, stance: values.stance, status: values.status };
}

/** Splits a page's relations into outgoing and incoming, each naming the strand at the other end. */
export function presentRelations(pageId: string, wikiSlug: string, relations: RelationWithPages[]): RelationsView {
  const view = (r: RelationWithPages, direction: "outgoing" | "incoming"): RelationView => ({
    id: r.id,
    kind: r.kind,
    note: r.note,
    fromPageId: r.fromPageId,
    toPageId: r.toPageId,
    direction,
    other:
      direction === "outgoing"
        ? { pageId: r.toPageId, title: r.toTitle, url: pageUrl(wikiSlug, r.toSlug) }
        : { pageId: r.fromPageId, title: r.fromTitle, url: pageUrl(wikiSlug, r.fromSlug) },
    createdAt: r.createdAt.toISOString(),
  });
  return {
    outgoing: relations.filter((r) => r.fromPageId === pageId).map((r) => view(r, "outgoing")),
    incoming: relations.filter((r) => r.toPageId === pageId).map((r) => view(r, "incoming")),
  };
}

export function presentArgumentMap(
  wiki: Pick<Wiki, "id" | "slug" | "thesis">,
  nodes: StrandNodeRow[],
  edges: StrandRelation[],
): ArgumentMapView {
  return {
    wikiId: wiki.id,
    thesis: wiki.thesis,
    nodes: nodes.map((n) => ({
      id: n.pageId,
      title: n.title,
      url: pageUrl(wiki.slug, n.slug),
      claim: n.claim ?? "",
      stance: n.stance,
      status: n.status ?? "draft",
    })),
    edges: edges.map((e) => ({ id: e.id, from: e.fromPageId, to: e.toPageId, kind: e.kind, note: e.note })),
  };
}
