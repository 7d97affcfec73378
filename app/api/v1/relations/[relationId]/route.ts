import { findRelation } from "@/db/queries/strands";
import { endpoint } from "@/lib/api/endpoint";
import { removeRelation } from "@/lib/commands/strands";
import { AppError } from "@/lib/errors";
import { requirePageAccess } from "@/lib/wikis/access";

/** DELETE /api/v1/relations/{relationId} (editors of the relation's wiki). */
export const DELETE = endpoint(
  {
    method: "DELETE",
    path: "/relations/{relationId}",
    operationId: "deleteRelation",
    summary: "Remove a relation between two strands (editors)",
    action: "strand.edit",
    response: { status: 204, description: "Removed" },
    errors: [403, 404],
  },
  async ({ user, actor, params }) => {
    const relation = await findRelation(params.relationId);
    if (!relation) throw new AppError("not_found", "Relation not found");
    // Asked through its source page: a relation whose source is in the trash is out of reach, as on the page.
    await requirePageAccess(user.id, relation.fromPageId, "strand.edit");
    await removeRelation(relation.id, actor);
  },
);
