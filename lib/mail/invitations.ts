import { findUserById } from "@/db/queries/users";
import { findWikiById } from "@/db/queries/wikis";
import type { Invite } from "@/db/schema";
import { actorId, type ActorRef } from "@/lib/audit/record";
import { mailEnabled } from "@/lib/env";
import { invitationMail } from "./templates";
import { enqueueMailAsync } from "./outbox";

/** The address of an invitation's one-time link, under `origin` (PUBLIC_URL or the request's). */
export function inviteUrl(origin: string, secret: string): string {
  return `${origin}/invite/${encodeURIComponent(secret)}`;
}

/**
 * Puts the invitation mail into the outbox, inside the command's transaction. False, and
 * nothing written, when e-mail is off.
 */
export async function mailInvitation(invite: Invite, secret: string, origin: string, by: ActorRef): Promise<boolean> {
  if (!mailEnabled()) return false;
  const wiki = await findWikiById(invite.wikiId);
  const inviter = await findUserById(actorId(by));
  if (!wiki) return false;
  await enqueueMailAsync({
    kind: "invitation",
    to: invite.email,
    wikiId: wiki.id,
    replyTo: inviter ? { name: inviter.name, address: inviter.email } : undefined,
    ...invitationMail({
      inviterName: inviter?.name ?? "An owner",
      wikiName: wiki.name,
      role: invite.role,
      url: inviteUrl(origin, secret),
      expiresAt: invite.expiresAt,
    }),
  });
  return true;
}
