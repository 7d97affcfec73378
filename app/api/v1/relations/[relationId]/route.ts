import { findRelation } from "@/db/queries/strands";
import { apiRoute } from "@/lib/api/handler";
import { removeRelation } from "@/lib/commands/strands";
import { AppError } from "@/lib/errors";
import { requirePageAccess } from "@/lib/wikis/access";

type Params = { relationId: string };

/** DELETE /api/v1/relations/{relationId} (editors of the relation's wiki). */
export const DELETE = apiRoute<Params>(async ({ user, actor, params }) => {
  const relation = findRelation(params.relationId);
  if (!relation) throw new AppError("not_found", "Relation not found");
  // Asked through its source page: a relation whose source is in the trash is out of reach, as on the page.
  requirePageAccess(user.id, relation.fromPageId, "strand.edit");
  removeRelation(relation.id, actor);
  return new Response(null, { status: 204 });
});
