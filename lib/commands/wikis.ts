import { transaction } from "@/db/executor";
import { findUserByEmail, findUserById } from "@/db/queries/users";
import {
  countOwners,
  deleteMember,
  findMemberRole,
  insertInvite,
  insertMember,
  insertWiki,
  lockWiki,
  setWikiCitationStyle,
  findWikiById,
  updateMemberRole,
  wikiSlugTaken,
} from "@/db/queries/wikis";
import type { Role, Wiki } from "@/db/schema";
import { isUniqueViolation } from "@/db/unique-violation";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAuditAsync, type ActorRef } from "@/lib/audit/record";
import { conflict, notFound } from "@/lib/errors";
import { hashSecret, newId, newSecret } from "@/lib/ids";
import { mailInvitation } from "@/lib/mail/invitations";
import { registry } from "@/lib/server/registry";
import { publicOrigin, serverOrigin } from "@/lib/server/request-origin";
import { slugify, uniqueSlugAsync } from "@/lib/slug";
import { tellOpenPagesCitationsChanged } from "@/lib/citations/notify";

export const INVITE_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

/** Creates a wiki with its creator as owner. */
export async function createWiki(input: { name: string; description: string; slug?: string }, owner: ActorRef): Promise<Wiki> {
  const ownerId = actorId(owner);
  return transaction(async () => {
    const wiki = await insertWikiUnderFreeSlug(input.slug ?? slugify(input.name), {
      id: newId(),
      name: input.name,
      description: input.description,
      createdBy: ownerId,
    });
    await insertMember(wiki.id, ownerId, "owner");
    await recordAuditAsync({
      action: AUDIT_ACTIONS.wikiCreated,
      by: owner,
      wikiId: wiki.id,
      target: { type: "wiki", id: wiki.id },
      details: { name: wiki.name },
    });
    return wiki;
  });
}

/** Tries at most this many slugs taken meanwhile before giving up: each loss means a wiki was created. */
const SLUG_ATTEMPTS = 5;

/**
 * Inserts the wiki under the first free slug from `base`. On PostgreSQL two wikis of one name
 * created at once both find the same slug free; the unique index makes the second insert wait for
 * the first to commit and refuses it. The insert is a savepoint, so this transaction survives
 * that and takes the next free slug, now visible.
 */
async function insertWikiUnderFreeSlug(base: string, fields: Omit<Parameters<typeof insertWiki>[0], "slug">): Promise<Wiki> {
  for (let attempt = 1; ; attempt++) {
    const slug = await uniqueSlugAsync(base, wikiSlugTaken);
    try {
      return await transaction(() => insertWiki({ ...fields, slug }));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= SLUG_ATTEMPTS) throw error;
    }
  }
}

export type AddMemberResult =
  | { kind: "member"; userId: string; role: Role }
  | { kind: "invite"; inviteId: string; inviteToken: string; email: string; role: Role; mailed: boolean };

/**
 * Adds an existing account as a member, or, when nobody has that e-mail yet, makes a one-time
 * invite link: mailed to the person when e-mail is on (SMTP_URL), and always returned for the
 * owner to copy. `origin` is where the link points (the request's origin; PUBLIC_URL wins).
 */
export async function addMember(
  wikiId: string,
  email: string,
  role: Role,
  invitedBy: ActorRef,
  options: { origin?: string } = {},
): Promise<AddMemberResult> {
  return transaction(async () => {
    const user = await findUserByEmail(email);
    if (user) {
      const already = () => conflict(`${email} is already a member of this wiki`);
      if (await findMemberRole(wikiId, user.id)) throw already();
      // On PostgreSQL the same person may be added concurrently: the (wiki, user) key refuses the second.
      await insertMember(wikiId, user.id, role).catch((error: unknown) => {
        throw isUniqueViolation(error) ? already() : error;
      });
      await recordAuditAsync({
        action: AUDIT_ACTIONS.memberAdded,
        by: invitedBy,
        wikiId,
        target: { type: "user", id: user.id },
        details: { name: user.name, role },
      });
      return { kind: "member", userId: user.id, role };
    }
    const inviteToken = newSecret("inv");
    const invite = await insertInvite({
      id: newId(),
      tokenHash: hashSecret(inviteToken),
      wikiId,
      email,
      role,
      createdBy: actorId(invitedBy),
      expiresAt: new Date(Date.now() + INVITE_LIFETIME_MS),
    });
    await recordAuditAsync({
      action: AUDIT_ACTIONS.inviteCreated,
      by: invitedBy,
      wikiId,
      target: { type: "invite", id: invite.id },
      details: { email, role },
    });
    const origin = options.origin ? publicOrigin(options.origin) : serverOrigin();
    const mailed = await mailInvitation(invite, inviteToken, origin, invitedBy);
    if (mailed)
      await recordAuditAsync({
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
export async function changeMemberRole(wikiId: string, userId: string, role: Role, by: ActorRef): Promise<void> {
  await transaction(async () => {
    // Read, decide, write: two owners demoting each other at once must not both see the other
    // still owner, so membership decisions in this wiki are taken one at a time (the lock is
    // the wiki's row on PostgreSQL; SQLite's write lock already serialises them).
    await lockWiki(wikiId);
    const current = await findMemberRole(wikiId, userId);
    if (!current) throw notFound("No such member");
    if (current === "owner" && role !== "owner" && (await countOwners(wikiId)) <= 1) {
      throw conflict("A wiki needs at least one owner: make someone else owner first");
    }
    await updateMemberRole(wikiId, userId, role);
    if (current !== role) {
      const name = (await findUserById(userId))?.name ?? null;
      await recordAuditAsync({
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

export async function removeMember(wikiId: string, userId: string, by: ActorRef): Promise<void> {
  await transaction(async () => {
    // As in changeMemberRole: the last-owner rule reads, then writes, one decision at a time.
    await lockWiki(wikiId);
    const current = await findMemberRole(wikiId, userId);
    if (!current) throw notFound("No such member");
    if (current === "owner" && (await countOwners(wikiId)) <= 1) throw conflict("The last owner of a wiki cannot be removed");
    await deleteMember(wikiId, userId);
    const name = (await findUserById(userId))?.name ?? null;
    await recordAuditAsync({
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
export async function changeCitationStyle(wikiId: string, style: string, by: ActorRef): Promise<string> {
  const changed = await transaction(async () => {
    // The wiki's row is locked first on PostgreSQL, so the audit's "from" is the style this change replaced.
    await lockWiki(wikiId);
    const wiki = await findWikiById(wikiId);
    if (!wiki) throw notFound("Wiki not found");
    if (wiki.citationStyle === style) return false;
    await setWikiCitationStyle(wiki.id, style);
    await recordAuditAsync({
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
