import { and, asc, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb } from "../client";
import { preparedQuery } from "../prepared";
import { invites, users, wikiMembers, wikis, type Invite, type Role, type Wiki } from "../schema";

export type WikiWithRole = Wiki & { role: Role };
export type Member = { userId: string; email: string; name: string; role: Role; createdAt: Date };

export function insertWiki(wiki: { id: string; slug: string; name: string; description: string; createdBy: string }): Wiki {
  return getDb().insert(wikis).values(wiki).returning().get();
}

export function findWikiById(id: string): Wiki | undefined {
  return getDb().select().from(wikis).where(eq(wikis.id, id)).get();
}

// Page views run these on every request: built once (db/prepared.ts).
const wikiBySlug = preparedQuery((db) =>
  db
    .select()
    .from(wikis)
    .where(eq(wikis.slug, sql.placeholder("slug")))
    .prepare(),
);
const memberRole = preparedQuery((db) =>
  db
    .select({ role: wikiMembers.role })
    .from(wikiMembers)
    .where(and(eq(wikiMembers.wikiId, sql.placeholder("wikiId")), eq(wikiMembers.userId, sql.placeholder("userId"))))
    .prepare(),
);
const membersOf = preparedQuery((db) =>
  db
    .select({ userId: users.id, email: users.email, name: users.name, role: wikiMembers.role, createdAt: wikiMembers.createdAt })
    .from(wikiMembers)
    .innerJoin(users, eq(users.id, wikiMembers.userId))
    .where(eq(wikiMembers.wikiId, sql.placeholder("wikiId")))
    .orderBy(asc(users.name))
    .prepare(),
);

export function findWikiBySlug(slug: string): Wiki | undefined {
  return wikiBySlug().get({ slug });
}

/** Sets the style footnotes are worded in (an id from lib/citations/styles, checked by the caller). */
export function setWikiCitationStyle(wikiId: string, citationStyle: string): void {
  getDb().update(wikis).set({ citationStyle }).where(eq(wikis.id, wikiId)).run();
}

export function wikiSlugTaken(slug: string): boolean {
  return !!getDb().select({ id: wikis.id }).from(wikis).where(eq(wikis.slug, slug)).get();
}

/** The wikis a user belongs to, with their role in each. */
export function listWikisForUser(userId: string): WikiWithRole[] {
  return getDb()
    .select({ wiki: wikis, role: wikiMembers.role })
    .from(wikiMembers)
    .innerJoin(wikis, eq(wikis.id, wikiMembers.wikiId))
    .where(eq(wikiMembers.userId, userId))
    .orderBy(asc(wikis.name))
    .all()
    .map((r) => ({ ...r.wiki, role: r.role }));
}

export function findMemberRole(wikiId: string, userId: string): Role | null {
  return memberRole().get({ wikiId, userId })?.role ?? null;
}

export function listMembers(wikiId: string): Member[] {
  return membersOf().all({ wikiId });
}

export function countOwners(wikiId: string): number {
  return (
    getDb()
      .select({ n: count() })
      .from(wikiMembers)
      .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.role, "owner")))
      .get()?.n ?? 0
  );
}

export function insertMember(wikiId: string, userId: string, role: Role): void {
  // To the millisecond (the column's default has whole seconds): the audit log shows a member's
  // account events from this moment on, and must not reach back to just before it.
  getDb().insert(wikiMembers).values({ wikiId, userId, role, createdAt: new Date() }).run();
}

export function updateMemberRole(wikiId: string, userId: string, role: Role): boolean {
  return (
    getDb()
      .update(wikiMembers)
      .set({ role })
      .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.userId, userId)))
      .run().changes > 0
  );
}

export function deleteMember(wikiId: string, userId: string): boolean {
  return (
    getDb()
      .delete(wikiMembers)
      .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.userId, userId)))
      .run().changes > 0
  );
}

export function insertInvite(invite: {
  id: string;
  tokenHash: string;
  wikiId: string;
  email: string;
  role: Role;
  createdBy: string;
  expiresAt: Date;
}): Invite {
  return getDb().insert(invites).values(invite).returning().get();
}

/** Gives a pending invitation a new link (the old one stops working) and a new expiry. */
export function replaceInviteToken(id: string, tokenHash: string, expiresAt: Date): boolean {
  return (
    getDb()
      .update(invites)
      .set({ tokenHash, expiresAt })
      .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
      .run().changes > 0
  );
}

export function findInviteByTokenHash(tokenHash: string): Invite | undefined {
  return getDb().select().from(invites).where(eq(invites.tokenHash, tokenHash)).get();
}

export function markInviteUsed(id: string): boolean {
  return (
    getDb()
      .update(invites)
      .set({ usedAt: new Date() })
      .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
      .run().changes > 0
  );
}

/** Invitations not yet used, revoked or expired, newest first. */
export function listPendingInvites(wikiId: string): Invite[] {
  return getDb()
    .select()
    .from(invites)
    .where(and(eq(invites.wikiId, wikiId), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())))
    .orderBy(desc(invites.createdAt))
    .all();
}

export function findInvite(id: string): Invite | undefined {
  return getDb().select().from(invites).where(eq(invites.id, id)).get();
}

/** Marks a pending invitation revoked; false when it was already used or revoked. */
export function markInviteRevoked(id: string): boolean {
  return (
    getDb()
      .update(invites)
      .set({ revokedAt: new Date() })
      .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
      .run().changes > 0
  );
}
