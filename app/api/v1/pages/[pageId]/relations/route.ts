import { listRelationsOfPage } from "@/db/queries/strands";
import { endpoint } from "@/lib/api/endpoint";
import { presentRelations, relationsView, relationView } from "@/lib/api/strand-presenters";
import { addRelation } from "@/lib/commands/strands";
import { createRelationSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

/** GET /api/v1/pages/{pageId}/relations: this strand's relations, outgoing and incoming (trashed ends left out). */
export const GET = endpoint(
  {
    method: "GET",
    path: "/pages/{pageId}/relations",
    operationId: "listRelations",
    summary: "Typed relations of this strand: outgoing (this → other) and incoming (other → this)",
    description: "Relations whose other end is in the trash are left out.",
    action: "page.read",
    response: { status: 200, description: "The relations", schema: relationsView },
    errors: [404],
  },
  async ({ user, params }) => {
    const { page, wiki } = await requirePageAccess(user.id, params.pageId, "page.read");
    return presentRelations(page.id, wiki.slug, await listRelationsOfPage(page.id));
  },
);

/**
 * POST /api/v1/pages/{pageId}/relations (editors): {toPageId, kind, note?, direction?}. With
 * direction "incoming" the relation runs from toPageId to this page, so a relation can be added
 * from either end without a second endpoint.
 */
export const POST = endpoint(
  {
    method: "POST",
    path: "/pages/{pageId}/relations",
    operationId: "createRelation",
    summary: "Relate this strand to another of the same wiki (editors)",
    description:
      '`direction: "outgoing"` (the default) records this page → toPageId, `"incoming"` records toPageId → this page. A strand cannot be related to itself; the same (from, to, kind) twice answers 409.',
    action: "strand.edit",
    access: (userId, { pageId }, action) => requirePageAccess(userId, pageId, action),
    body: createRelationSchema,
    response: { status: 201, description: "The relation, seen from this page", schema: relationView },
    errors: [400, 403, 404, 409, 415],
  },
  async ({ actor, access: { page, wiki }, body }) => {
    const [fromPageId, toPageId] = body.direction === "incoming" ? [body.toPageId, page.id] : [page.id, body.toPageId];
    const created = await addRelation({ fromPageId, toPageId, kind: body.kind, note: body.note }, actor);
    const { outgoing, incoming } = presentRelations(page.id, wiki.slug, await listRelationsOfPage(page.id));
    return [...outgoing, ...incoming].find((r) => r.id === created.id)!;
  },
);
