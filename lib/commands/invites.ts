import { transaction } from "@/db/executor";
import { findUserByEmail } from "@/db/queries/users";
import {
  findInvite,
  findInviteByTokenHash,
  findMemberRole,
  findWikiById,
  insertMember,
  markInviteRevoked,
  markInviteUsed,
  replaceInviteToken,
} from "@/db/queries/wikis";
import type { Invite, User, Wiki } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { recordAuditAsync, type ActorRef } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/passwords";
import { AppError, conflict, notFound } from "@/lib/errors";
import { hashSecret, newId, newSecret } from "@/lib/ids";
import { mailInvitation } from "@/lib/mail/invitations";
import { publicOrigin, serverOrigin } from "@/lib/server/request-origin";
import { insertUserOrConflict } from "./users";
import { INVITE_LIFETIME_MS } from "./wikis";

/** A usable invite for this secret, or an error saying why it cannot be used. */
export async function findUsableInvite(secret: string): Promise<{ invite: Invite; wiki: Wiki }> {
  const invite = await findInviteByTokenHash(hashSecret(secret));
  if (!invite) throw new AppError("not_found", "This invite link is not valid");
  if (invite.revokedAt) throw new AppError("conflict", "This invitation was revoked. Ask the wiki's owner for a new one");
  if (invite.usedAt) throw new AppError("conflict", "This invite link has already been used");
  if (invite.expiresAt.getTime() < Date.now()) throw new AppError("conflict", "This invite link has expired");
  const wiki = await findWikiById(invite.wikiId);
  if (!wiki) throw new AppError("not_found", "The wiki of this invite no longer exists");
  return { invite, wiki };
}

/** Creates the invited account and its membership, and spends the invite, all at once. */
export async function acceptInvite(
  secret: string,
  input: { name: string; password: string },
  context: { ip?: string | null } = {},
): Promise<{ user: User; wiki: Wiki }> {
  const passwordHash = await hashPassword(input.password);
  return transaction(async () => {
    const { invite, wiki } = await findUsableInvite(secret);
    // Spent first: the conditional update is the claim. Of two accepts racing on PostgreSQL the
    // second waits on the invitation's row until the first commits, then finds it used; if
    // anything below fails, the rollback gives the invitation back.
    if (!(await markInviteUsed(invite.id))) throw conflict("This invite link has already been used");
    const emailTaken = "An account with this e-mail already exists: sign in and ask the owner to add you";
    if (await findUserByEmail(invite.email)) throw conflict(emailTaken);
    const user = await insertUserOrConflict({ id: newId(), email: invite.email, name: input.name, passwordHash }, emailTaken);
    if (!(await findMemberRole(wiki.id, user.id))) await insertMember(wiki.id, user.id, invite.role);
    await recordAuditAsync({
      action: AUDIT_ACTIONS.inviteAccepted,
      by: { userId: user.id, ip: context.ip },
      wikiId: wiki.id,
      target: { type: "invite", id: invite.id },
      details: { email: invite.email, role: invite.role },
    });
    return { user, wiki };
  });
}

/**
 * Takes back a pending invitation of `wikiId`: its link then answers that it was revoked. An
 * invitation of another wiki counts as missing; one already used or revoked is a conflict.
 */
export async function revokeInvite(wikiId: string, inviteId: string, by: ActorRef): Promise<Invite> {
  return transaction(async () => {
    const invite = await findInvite(inviteId);
    if (!invite || invite.wikiId !== wikiId) throw notFound("No such invitation");
    if (invite.usedAt) throw conflict(`${invite.email} has already accepted this invitation`);
    // The update's own condition decides, not the read above: an accept racing on PostgreSQL
    // either spent it first (then this changes nothing and is refused) or waits and finds it revoked.
    if (!(await markInviteRevoked(invite.id))) throw conflict("This invitation was already revoked");
    await recordAuditAsync({
      action: AUDIT_ACTIONS.inviteRevoked,
      by,
      wikiId,
      target: { type: "invite", id: invite.id },
      details: { email: invite.email, role: invite.role },
    });
    return { ...invite, revokedAt: new Date() };
  });
}

/**
 * Renews a pending invitation of `wikiId`: only a hash of a link is kept, so this makes a new
 * link, valid for a fresh 14 days, and the earlier one stops working. With e-mail on, the new
 * link is mailed to the person (`mailed`); the link is returned for the owner to copy either
 * way. An invitation already used or revoked is a conflict.
 */
export async function resendInvite(
  wikiId: string,
  inviteId: string,
  by: ActorRef,
  options: { origin?: string } = {},
): Promise<{ invite: Invite; inviteToken: string; mailed: boolean }> {
  return transaction(async () => {
    const invite = await findInvite(inviteId);
    if (!invite || invite.wikiId !== wikiId) throw notFound("No such invitation");
    if (invite.usedAt) throw conflict(`${invite.email} has already accepted this invitation`);
    if (invite.revokedAt) throw conflict("This invitation was revoked");
    const inviteToken = newSecret("inv");
    const expiresAt = new Date(Date.now() + INVITE_LIFETIME_MS);
    if (!(await replaceInviteToken(invite.id, hashSecret(inviteToken), expiresAt))) throw conflict("This invitation is no longer pending");
    const renewed = { ...invite, tokenHash: hashSecret(inviteToken), expiresAt };
    const mailed = await mailInvitation(renewed, inviteToken, options.origin ? publicOrigin(options.origin) : serverOrigin(), by);
    await recordAuditAsync({
      action: AUDIT_ACTIONS.inviteResent,
      by,
      wikiId,
      target: { type: "invite", id: invite.id },
      details: { email: invite.email, role: invite.role, mailed },
    });
    return { invite: renewed, inviteToken, mailed };
  });
}
