"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { sessionAction } from "@/lib/actions/form-action";
import { resendInvite, revokeInvite } from "@/lib/commands/invites";
import { addMember, changeMemberRole, removeMember } from "@/lib/commands/wikis";
import { inviteUrl } from "@/lib/mail/invitations";
import { ROLE_WORDS } from "@/lib/roles/words";
import { publicOrigin, requestHost, requestProtocol } from "@/lib/server/request-origin";
import { addMemberSchema, updateMemberSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

export type MemberFormState = { error?: string; success?: string; inviteUrl?: string } | undefined;

async function origin(): Promise<string> {
  const h = await headers();
  return publicOrigin(`${requestProtocol(h)}://${requestHost(h) ?? "localhost:3000"}`);
}

export async function addMemberAction(wikiId: string, _prev: MemberFormState, formData: FormData): Promise<MemberFormState> {
  return sessionAction({ schema: addMemberSchema, formData }, async ({ user, actor, input }) => {
    await requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    const linkOrigin = await origin();
    const result = await addMember(wikiId, input.email, input.role, actor, { origin: linkOrigin });
    revalidatePath("/w/[wiki]/members", "page");
    if (result.kind === "member") return { success: `${input.email} is now ${ROLE_WORDS[result.role].withArticle}.` };
    return {
      success: result.mailed
        ? `No account uses ${input.email} yet: an invitation is on its way to them by e-mail. You can also pass on its one-time link (valid 14 days):`
        : `No account uses ${input.email} yet. Send them this one-time invite link (valid 14 days):`,
      inviteUrl: inviteUrl(linkOrigin, result.inviteToken),
    };
  });
}

export async function changeRoleAction(
  wikiId: string,
  userId: string,
  _prev: MemberFormState,
  formData: FormData,
): Promise<MemberFormState> {
  return sessionAction({ schema: updateMemberSchema, formData }, async ({ user, actor, input }) => {
    await requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    await changeMemberRole(wikiId, userId, input.role, actor);
    revalidatePath("/w/[wiki]/members", "page");
    return { success: "Role changed." };
  });
}

export async function removeMemberAction(wikiId: string, userId: string, _prev: MemberFormState): Promise<MemberFormState> {
  return sessionAction(null, async ({ user, actor }) => {
    await requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    await removeMember(wikiId, userId, actor);
    revalidatePath("/w/[wiki]/members", "page");
    return { success: "Removed." };
  });
}

export async function revokeInviteAction(wikiId: string, inviteId: string, _prev: MemberFormState): Promise<MemberFormState> {
  return sessionAction(null, async ({ user, actor }) => {
    await requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    const invite = await revokeInvite(wikiId, inviteId, actor);
    revalidatePath("/w/[wiki]/members", "page");
    return { success: `The invitation for ${invite.email} is revoked; its link no longer works.` };
  });
}

export async function resendInviteAction(wikiId: string, inviteId: string, _prev: MemberFormState): Promise<MemberFormState> {
  return sessionAction(null, async ({ user, actor }) => {
    await requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    const linkOrigin = await origin();
    const { invite, inviteToken, mailed } = await resendInvite(wikiId, inviteId, actor, { origin: linkOrigin });
    revalidatePath("/w/[wiki]/members", "page");
    return {
      success: mailed
        ? `A new invitation is on its way to ${invite.email}; the earlier link no longer works. Its new link (valid 14 days):`
        : `A new link for ${invite.email} (valid 14 days); the earlier one no longer works. Pass it on:`,
      inviteUrl: inviteUrl(linkOrigin, inviteToken),
    };
  });
}
