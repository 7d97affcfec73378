import { writeTransaction } from "@/db/client";
import { findUserByEmail, findUserById } from "@/db/queries/users";
import {
  countOwners,
  deleteMember,
  findMemberRole,
  insertInvite,
  insertMember,
  insertWiki,
  setWikiCitationStyle,
  findWikiById,
  updateMemberRole,
  wikiSlugTaken,
} from "@/db/queries/wikis";
import type { Role, Wiki } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAudit, type ActorRef } from "@/lib/audit/record";
import { conflict, notFound } from "@/lib/errors";
import { hashSecret, newId, newSecret } from "@/lib/ids";
import { mailInvitation } from "@/lib/mail/invitations";
import { registry } from "@/lib/server/registry";
import { publicOrigin, serverOrigin } from "@/lib/server/request-origin";
import { slugify, uniqueSlug } from "@/lib/slug";
import { tellOpenPagesCitationsChanged } from "@/lib/citations/notify";

export const INVITE_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

/** Creates a wiki with its creator as owner. */
export function createWiki(input: { name: string; description: string; slug?: string }, owner: ActorRef): Wiki {
  const ownerId = actorId(owner);
  return writeTransaction(() => {
    const slug = uniqueSlug(input.slug ?? slugify(input.name), wikiSlugTaken);
    const wiki = insertWiki({ id: newId(), slug, name: input.name, description: input.description, createdBy: ownerId });
    insertMember(wiki.id, ownerId, "owner");
    recordAudit({
      action: AUDIT_ACTIONS.wikiCreated,
      by: owner,
      wikiId: wiki.id,
      target: { type: "wiki", id: wiki.id },
      details: { name: wiki.name },
    });
    return wiki;
  });
}

export type AddMemberResult =
  | { kind: "member"; userId: string; role: Role }
  | { kind: "invite"; inviteId: string; inviteToken: string; email: string; role: Role; mailed: boolean };

/**
 * Adds an existing account as a member, or, when nobody has that e-mail yet, makes a one-time
 * invite link: mailed to the person when e-mail is on (SMTP_URL), and always returned for the
 * owner to copy. `origin` is where the link points (the request's origin; PUBLIC_URL wins).
 */
export function addMember(
  wikiId: string,
  email: string,
  role: Role,
  invitedBy: ActorRef,
  options: { origin?: string } = {},
): AddMemberResult {
  return writeTransaction(() => {
    const user = findUserByEmail(email);
    if (user) {
      if (findMemberRole(wikiId, user.id)) throw conflict(`${email} is already a member of this wiki`);
      insertMember(wikiId, user.id, role);
      recordAudit({
        action: AUDIT_ACTIONS.memberAdded,
        by: invitedBy,
        wikiId,
        target: { type: "user", id: user.id },
        details: { name: user.name, role },
      });
      return { kind: "member", userId: user.id, role };
    }
    const inviteToken = newSecret("inv");
    const invite = insertInvite({
      id: newId(),
      tokenHash: hashSecret(inviteToken),
      wikiId,
      email,
      role,
      createdBy: actorId(invitedBy),
      expiresAt: new Date(Date.now() + INVITE_LIFETIME_MS),
    });
    recordAudit({
      action: AUDIT_ACTIONS.inviteCreated,
      by: invitedBy,
      wikiId,
      target: { type: "invite", id: invite.id },
      details: { email, role },
    });
    const origin = options.origin ? publicOrigin(options.origin) : serverOrigin();
    const mailed = mailInvitation(invite, inviteToken, origin, invitedBy);
    if (mailed)
      recordAudit({
        action: AUDIT_ACTIONS.inviteSent,
        by: invitedBy,
        wikiId,
        target: { type: "invite", id: invite.id },
        details: { email, role },
      });
    return { kind: "invite", inviteId: invite.id, inviteToken, email, role, mailed };
  });
}

/** Changes a member's role; a wiki never loses its last owner. Open connections reconnect with the new role. */
export function changeMemberRole(wikiId: string, userId: string, role: Role, by: ActorRef): void {
  writeTransaction(() => {
    const current = findMemberRole(wikiId, userId);
    if (!current) throw notFound("No such member");
    if (current === "owner" && role !== "owner" && countOwners(wikiId) <= 1) {
      throw conflict("A wiki needs at least one owner: make someone else owner first");
    }
    updateMemberRole(wikiId, userId, role);
    if (current !== role) {
      const name = findUserById(userId)?.name ?? null;
      recordAudit({
        action: AUDIT_ACTIONS.memberRoleChanged,
        by,
        wikiId,
        target: { type: "user", id: userId },
        details: { name, from: current, to: role },
      });
    }
  });
  registry().collab?.closeUserConnections(userId, wikiId);
}

export function removeMember(wikiId: string, userId: string, by: ActorRef): void {
  writeTransaction(() => {
    const current = findMemberRole(wikiId, userId);
    if (!current) throw notFound("No such member");
    if (current === "owner" && countOwners(wikiId) <= 1) throw conflict("The last owner of a wiki cannot be removed");
    deleteMember(wikiId, userId);
    const name = findUserById(userId)?.name ?? null;
    recordAudit({
      action: AUDIT_ACTIONS.memberRemoved,
      by,
      wikiId,
      target: { type: "user", id: userId },
      details: { name, role: current },
    });
  });
  registry().collab?.closeUserConnections(userId, wikiId);
}

/**
 * Sets the style every footnote of the wiki is worded in (`style` is a registered id, checked by
 * the caller's schema). Choosing the style already in use records nothing.
 */
export function changeCitationStyle(wikiId: string, style: string, by: ActorRef): string {
  const changed = writeTransaction(() => {
    const wiki = findWikiById(wikiId);
    if (!wiki) throw notFound("Wiki not found");
    if (wiki.citationStyle === style) return false;
    setWikiCitationStyle(wiki.id, style);
    recordAudit({
      action: AUDIT_ACTIONS.citationStyleChanged,
      by,
      wikiId: wiki.id,
      target: { type: "wiki", id: wiki.id },
      details: { from: wiki.citationStyle, to: style },
    });
    return true;
  });
  if (changed) tellOpenPagesCitationsChanged(wikiId);
  return style;
}
