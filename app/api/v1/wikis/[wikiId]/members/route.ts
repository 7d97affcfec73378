import { NextResponse } from "next/server";
import { findUserById } from "@/db/queries/users";
import { listMembers } from "@/db/queries/wikis";
import { apiRoute, readJson } from "@/lib/api/handler";
import { presentInvite, presentMember, requestOrigin } from "@/lib/api/presenters";
import { addMember } from "@/lib/commands/wikis";
import { addMemberSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

type Params = { wikiId: string };

/** GET /api/v1/wikis/{wikiId}/members: any member may see who else is in the wiki. */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "wiki.read");
  return listMembers(wiki.id).map(presentMember);
});

/**
 * POST /api/v1/wikis/{wikiId}/members (owners): adds an existing account, or answers with a
 * one-time invite link when nobody has that e-mail yet (and mails it when e-mail is on).
 */
export const POST = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const input = await readJson(request, addMemberSchema);
  const { wiki } = requireWikiAccess(user.id, params.wikiId, "wiki.manage-members");
  const origin = requestOrigin(request);
  const result = addMember(wiki.id, input.email, input.role, actor, { origin });
  if (result.kind === "invite") return NextResponse.json(presentInvite(result, origin), { status: 201 });
  const member = findUserById(result.userId)!;
  return NextResponse.json({ kind: "member", ...presentMember({ userId: member.id, email: member.email, name: member.name, role: result.role }) }, { status: 201 });
});
