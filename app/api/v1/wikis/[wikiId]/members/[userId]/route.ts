import { findUserById } from "@/db/queries/users";
import { endpoint } from "@/lib/api/endpoint";
import { memberView, presentMember } from "@/lib/api/presenters";
import { changeMemberRole, removeMember } from "@/lib/commands/wikis";
import { notFound } from "@/lib/errors";
import { updateMemberSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

/** PUT /api/v1/wikis/{wikiId}/members/{userId} (owners): changes a role; the last owner stays owner (409). */
export const PUT = endpoint(
  {
    method: "PUT",
    path: "/wikis/{wikiId}/members/{userId}",
    operationId: "changeMemberRole",
    summary: "Change a member's role (owners only)",
    description: "A wiki never loses its last owner: demoting it answers 409.",
    action: "wiki.manage-members",
    body: updateMemberSchema,
    response: { status: 200, description: "The member with the new role", schema: memberView },
    errors: [400, 403, 404, 409, 413, 415],
  },
  async ({ user, actor, params, body: { role } }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "wiki.manage-members");
    await changeMemberRole(wiki.id, params.userId, role, actor);
    const member = await findUserById(params.userId);
    if (!member) throw notFound("No such member");
    return presentMember({ userId: member.id, email: member.email, name: member.name, role });
  },
);

/** DELETE /api/v1/wikis/{wikiId}/members/{userId} (owners): removes a member; never the last owner (409). */
export const DELETE = endpoint(
  {
    method: "DELETE",
    path: "/wikis/{wikiId}/members/{userId}",
    operationId: "removeMember",
    summary: "Remove a member (owners only)",
    description: "The last owner cannot be removed (409). The member's open editing connections are closed.",
    action: "wiki.manage-members",
    response: { status: 204, description: "Removed" },
    errors: [403, 404, 409],
  },
  async ({ user, actor, params }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "wiki.manage-members");
    await removeMember(wiki.id, params.userId, actor);
  },
);
