"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { sessionActor } from "@/lib/audit/session-actor";
import { requireSessionUser } from "@/lib/auth/current-user";
import { resendInvite, revokeInvite } from "@/lib/commands/invites";
import { addMember, changeMemberRole, removeMember } from "@/lib/commands/wikis";
import { AppError } from "@/lib/errors";
import { inviteUrl } from "@/lib/mail/invitations";
import { publicOrigin, requestHost, requestProtocol } from "@/lib/server/request-origin";
import { parseForm } from "@/lib/validations/form";
import { addMemberSchema, updateMemberSchema } from "@/lib/validations/schemas";
import { requireWikiAccess } from "@/lib/wikis/access";

export type MemberFormState = { error?: string; success?: string; inviteUrl?: string } | undefined;

async function origin(): Promise<string> {
  const h = await headers();
  return publicOrigin(`${requestProtocol(h)}://${requestHost(h) ?? "localhost:3000"}`);
}

function failure(error: unknown): MemberFormState {
  if (error instanceof AppError) return { error: error.message };
  throw error;
}

export async function addMemberAction(wikiId: string, _prev: MemberFormState, formData: FormData): Promise<MemberFormState> {
  const user = await requireSessionUser();
  const parsed = parseForm(addMemberSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  try {
    requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    const linkOrigin = await origin();
    const result = addMember(wikiId, parsed.data.email, parsed.data.role, await sessionActor(user), { origin: linkOrigin });
    revalidatePath("/w/[wiki]/members", "page");
    if (result.kind === "member") return { success: `${parsed.data.email} is now ${result.role === "owner" ? "an owner" : `a ${result.role}`}.` };
    return {
      success: result.mailed
        ? `No account uses ${parsed.data.email} yet: an invitation is on its way to them by e-mail. You can also pass on its one-time link (valid 14 days):`
        : `No account uses ${parsed.data.email} yet. Send them this one-time invite link (valid 14 days):`,
      inviteUrl: inviteUrl(linkOrigin, result.inviteToken),
    };
  } catch (error) {
    return failure(error);
  }
}

export async function changeRoleAction(wikiId: string, userId: string, _prev: MemberFormState, formData: FormData): Promise<MemberFormState> {
  const user = await requireSessionUser();
  const parsed = parseForm(updateMemberSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  try {
    requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    changeMemberRole(wikiId, userId, parsed.data.role, await sessionActor(user));
    revalidatePath("/w/[wiki]/members", "page");
    return { success: "Role changed." };
  } catch (error) {
    return failure(error);
  }
}

export async function removeMemberAction(wikiId: string, userId: string, _prev: MemberFormState): Promise<MemberFormState> {
  const user = await requireSessionUser();
  try {
    requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    removeMember(wikiId, userId, await sessionActor(user));
    revalidatePath("/w/[wiki]/members", "page");
    return { success: "Removed." };
  } catch (error) {
    return failure(error);
  }
}

export async function revokeInviteAction(wikiId: string, inviteId: string, _prev: MemberFormState): Promise<MemberFormState> {
  const user = await requireSessionUser();
  try {
    requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    const invite = revokeInvite(wikiId, inviteId, await sessionActor(user));
    revalidatePath("/w/[wiki]/members", "page");
    return { success: `The invitation for ${invite.email} is revoked; its link no longer works.` };
  } catch (error) {
    return failure(error);
  }
}

export async function resendInviteAction(wikiId: string, inviteId: string, _prev: MemberFormState): Promise<MemberFormState> {
  const user = await requireSessionUser();
  try {
    requireWikiAccess(user.id, wikiId, "wiki.manage-members");
    const linkOrigin = await origin();
    const { invite, inviteToken, mailed } = resendInvite(wikiId, inviteId, await sessionActor(user), { origin: linkOrigin });
    revalidatePath("/w/[wiki]/members", "page");
    return {
      success: mailed
        ? `A new invitation is on its way to ${invite.email}; the earlier link no longer works. Its new link (valid 14 days):`
        : `A new link for ${invite.email} (valid 14 days); the earlier one no longer works. Pass it on:`,
      inviteUrl: inviteUrl(linkOrigin, inviteToken),
    };
  } catch (error) {
    return failure(error);
  }
}
