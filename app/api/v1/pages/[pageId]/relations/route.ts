import { NextResponse } from "next/server";
import { listRelationsOfPage } from "@/db/queries/strands";
import { apiRoute, readJson } from "@/lib/api/handler";
import { presentRelations } from "@/lib/api/strand-presenters";
import { addRelation } from "@/lib/commands/strands";
import { createRelationSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { pageId: string };

/** GET /api/v1/pages/{pageId}/relations: this strand's relations, outgoing and incoming (trashed ends left out). */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { page, wiki } = requirePageAccess(user.id, params.pageId, "page.read");
  return presentRelations(page.id, wiki.slug, listRelationsOfPage(page.id));
});

/**
 * POST /api/v1/pages/{pageId}/relations (editors): {toPageId, kind, note?, direction?}. With
 * direction "incoming" the relation runs from toPageId to this page, so a relation can be added
 * from either end without a second endpoint.
 */
export const POST = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const { page, wiki } = requirePageAccess(user.id, params.pageId, "strand.edit");
  const input = await readJson(request, createRelationSchema);
  const [fromPageId, toPageId] = input.direction === "incoming" ? [input.toPageId, page.id] : [page.id, input.toPageId];
  const created = addRelation({ fromPageId, toPageId, kind: input.kind, note: input.note }, actor);
  const { outgoing, incoming } = presentRelations(page.id, wiki.slug, listRelationsOfPage(page.id));
  return NextResponse.json([...outgoing, ...incoming].find((r) => r.id === created.id), { status: 201 });
});
