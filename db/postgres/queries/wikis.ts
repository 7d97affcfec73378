import { and, asc, count, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Invite, Role, Wiki } from "../../schema";
import type { Member, MemberRole, WikiWithRole } from "../../queries/wikis";
import type { PgExecutor } from "../client";
import { invites, users, wikiMembers, wikis } from "../schema";

/** PostgreSQL side of db/queries/wikis.ts (the comments there say what each does). */

export async function insertWiki(
  db: PgExecutor,
  wiki: { id: string; slug: string; name: string; description: string; createdBy: string },
): Promise<Wiki> {
  const [row] = await db.insert(wikis).values(wiki).returning();
  return row;
}

export async function findWikiById(db: PgExecutor, id: string): Promise<Wiki | undefined> {
  const [row] = await db.select().from(wikis).where(eq(wikis.id, id));
  return row;
}

export async function findWikiBySlug(db: PgExecutor, slug: string): Promise<Wiki | undefined> {
  const [row] = await db.select().from(wikis).where(eq(wikis.slug, slug));
  return row;
}

export async function lockWiki(db: PgExecutor, wikiId: string): Promise<void> {
  // NO KEY UPDATE: one membership decision per wiki at a time, while pages, comments … whose
  // foreign keys only take KEY SHARE on the wiki row go on being written beside it.
  await db.select({ id: wikis.id }).from(wikis).where(eq(wikis.id, wikiId)).for("no key update");
}

export async function setWikiCitationStyle(db: PgExecutor, wikiId: string, citationStyle: string): Promise<void> {
  await db.update(wikis).set({ citationStyle }).where(eq(wikis.id, wikiId));
}

export async function wikiSlugTaken(db: PgExecutor, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: wikis.id }).from(wikis).where(eq(wikis.slug, slug));
  return !!row;
}

export async function listWikisForUser(db: PgExecutor, userId: string): Promise<WikiWithRole[]> {
  const rows = await db
    .select({ wiki: wikis, role: wikiMembers.role })
    .from(wikiMembers)
    .innerJoin(wikis, eq(wikis.id, wikiMembers.wikiId))
    .where(eq(wikiMembers.userId, userId))
    .orderBy(asc(wikis.name));
  return rows.map((r) => ({ ...r.wiki, role: r.role }));
}

export async function findMemberRole(db: PgExecutor, wikiId: string, userId: string): Promise<Role | null> {
  const [row] = await db
    .select({ role: wikiMembers.role })
    .from(wikiMembers)
    .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.userId, userId)));
  return row?.role ?? null;
}

export async function findMemberRoles(db: PgExecutor, wikiIds: string[], userIds: string[]): Promise<MemberRole[]> {
  if (wikiIds.length === 0 || userIds.length === 0) return [];
  return db
    .select({ wikiId: wikiMembers.wikiId, userId: wikiMembers.userId, role: wikiMembers.role })
    .from(wikiMembers)
    .where(and(inArray(wikiMembers.wikiId, wikiIds), inArray(wikiMembers.userId, userIds)));
}

export async function listMembers(db: PgExecutor, wikiId: string): Promise<Member[]> {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: wikiMembers.role, createdAt: wikiMembers.createdAt })
    .from(wikiMembers)
    .innerJoin(users, eq(users.id, wikiMembers.userId))
    .where(eq(wikiMembers.wikiId, wikiId))
    .orderBy(asc(users.name));
}

export async function countOwners(db: PgExecutor, wikiId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(wikiMembers)
    .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.role, "owner")));
  return row?.n ?? 0;
}

export async function insertMember(db: PgExecutor, wikiId: string, userId: string, role: Role): Promise<void> {
  await db.insert(wikiMembers).values({ wikiId, userId, role, createdAt: new Date() });
}

export async function updateMemberRole(db: PgExecutor, wikiId: string, userId: string, role: Role): Promise<boolean> {
  const changed = await db
    .update(wikiMembers)
    .set({ role })
    .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.userId, userId)))
    .returning({ userId: wikiMembers.userId });
  return changed.length > 0;
}

export async function deleteMember(db: PgExecutor, wikiId: string, userId: string): Promise<boolean> {
  const deleted = await db
    .delete(wikiMembers)
    .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.userId, userId)))
    .returning({ userId: wikiMembers.userId });
  return deleted.length > 0;
}

export async function insertInvite(
  db: PgExecutor,
  invite: { id: string; tokenHash: string; wikiId: string; email: string; role: Role; createdBy: string; expiresAt: Date },
): Promise<Invite> {
  const [row] = await db.insert(invites).values(invite).returning();
  return row;
}

export async function replaceInviteToken(db: PgExecutor, id: string, tokenHash: string, expiresAt: Date): Promise<boolean> {
  const changed = await db
    .update(invites)
    .set({ tokenHash, expiresAt })
    .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .returning({ id: invites.id });
  return changed.length > 0;
}

export async function findInviteByTokenHash(db: PgExecutor, tokenHash: string): Promise<Invite | undefined> {
  const [row] = await db.select().from(invites).where(eq(invites.tokenHash, tokenHash));
  return row;
}

export async function markInviteUsed(db: PgExecutor, id: string): Promise<boolean> {
  const changed = await db
    .update(invites)
    .set({ usedAt: new Date() })
    .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .returning({ id: invites.id });
  return changed.length > 0;
}

export async function listPendingInvites(db: PgExecutor, wikiId: string): Promise<Invite[]> {
  return db
    .select()
    .from(invites)
    .where(and(eq(invites.wikiId, wikiId), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())))
    .orderBy(desc(invites.createdAt));
}

export async function findInvite(db: PgExecutor, id: string): Promise<Invite | undefined> {
  const [row] = await db.select().from(invites).where(eq(invites.id, id));
  return row;
}

export async function markInviteRevoked(db: PgExecutor, id: string): Promise<boolean> {
  const changed = await db
    .update(invites)
    .set({ revokedAt: new Date() })
    .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .returning({ id: invites.id });
  return changed.length > 0;
}
