import { findUserById } from "@/db/queries/users";
import { apiRoute, readJson } from "@/lib/api/handler";
import { presentMember } from "@/lib/api/presenters";
import { changeMemberRole, removeMember } from "@/lib/commands/wikis";
import { notFound } from "@/lib/errors";
import { updateMemberSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

type Params = { wikiId: string; userId: string };

/** PUT /api/v1/wikis/{wikiId}/members/{userId} (owners): changes a role; the last owner stays owner (409). */
export const PUT = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const { role } = await readJson(request, updateMemberSchema);
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "wiki.manage-members");
  changeMemberRole(wiki.id, params.userId, role, actor);
  const member = findUserById(params.userId);
  if (!member) throw notFound("No such member");
  return presentMember({ userId: member.id, email: member.email, name: member.name, role });
});

/** DELETE /api/v1/wikis/{wikiId}/members/{userId} (owners): removes a member; never the last owner (409). */
export const DELETE = apiRoute<Params>(async ({ user, actor, params }) => {
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "wiki.manage-members");
  removeMember(wiki.id, params.userId, actor);
  return new Response(null, { status: 204 });
});
