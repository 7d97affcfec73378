import { z } from "zod";
import { findUserById } from "@/db/queries/users";
import { listMembers } from "@/db/queries/wikis";
import { endpoint } from "@/lib/api/endpoint";
import { addMemberResultView, memberView, presentInvite, presentMember, requestOrigin } from "@/lib/api/presenters";
import { addMember } from "@/lib/commands/wikis";
import { addMemberSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

/** GET /api/v1/wikis/{wikiId}/members: any member may see who else is in the wiki. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/wikis/{wikiId}/members",
    operationId: "listMembers",
    summary: "Members of a wiki (any member may list them)",
    action: "wiki.read",
    response: { status: 200, description: "The members", schema: z.array(memberView) },
    errors: [404],
  },
  async ({ user, params }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "wiki.read");
    return (await listMembers(wiki.id)).map(presentMember);
  },
);

/**
 * POST /api/v1/wikis/{wikiId}/members (owners): adds an existing account, or answers with a
 * one-time invite link when nobody has that e-mail yet (and mails it when e-mail is on).
 */
export const POST = endpoint(
  {
    method: "POST",
    path: "/wikis/{wikiId}/members",
    operationId: "addMember",
    summary: "Add a member by e-mail (owners only)",
    description:
      'Adds the account with this e-mail. When nobody has that e-mail yet, answers with a one-time invite link (`kind: "invite"`) to pass on; when e-mail is on (SMTP_URL) it is also mailed (`mailed: true`).',
    action: "wiki.manage-members",
    body: addMemberSchema,
    response: { status: 201, description: "The new member, or an invite", schema: addMemberResultView },
    errors: [400, 403, 404, 409, 413, 415],
  },
  async ({ request, user, actor, params, body }) => {
    const { wiki } = await requireWikiAccess(user.id, params.wikiId, "wiki.manage-members");
    const origin = requestOrigin(request);
    const result = await addMember(wiki.id, body.email, body.role, actor, { origin });
    if (result.kind === "invite") return presentInvite(result, origin);
    const member = (await findUserById(result.userId))!;
    return { kind: "member" as const, ...presentMember({ userId: member.id, email: member.email, name: member.name, role: result.role }) };
  },
);
