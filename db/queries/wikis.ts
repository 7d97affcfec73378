import { and, asc, count, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/wikis";
import { preparedQuery } from "../prepared";
import { invites, users, wikiMembers, wikis, type Invite, type Role, type Wiki } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export type WikiWithRole = Wiki & { role: Role };
export type Member = { userId: string; email: string; name: string; role: Role; createdAt: Date };

export const insertWiki = perDialect(
  (db: Db, wiki: { id: string; slug: string; name: string; description: string; createdBy: string }): Wiki =>
    db.insert(wikis).values(wiki).returning().get(),
  postgres.insertWiki,
);

const sqliteFindWikiById = (db: Db, id: string): Wiki | undefined => db.select().from(wikis).where(eq(wikis.id, id)).get();

export const findWikiById = perDialect(sqliteFindWikiById, postgres.findWikiById);

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

export const findWikiBySlug = perDialect((_db: Db, slug: string): Wiki | undefined => wikiBySlug().get({ slug }), postgres.findWikiBySlug);

/**
 * Call first in a transaction that reads a wiki's row or memberships to decide a change (the last
 * owner stays; the style an audit entry says was replaced): such decisions in one wiki then run
 * one at a time, each reading what the one before it committed (on PostgreSQL, read committed,
 * every statement after the lock sees the earlier transaction's commit). SQLite needs nothing
 * (BEGIN IMMEDIATE admits one writer at a time); PostgreSQL locks the wiki's row (the twin says how).
 */
export const lockWiki = perDialect((_db: Db, _wikiId: string): void => undefined, postgres.lockWiki);

/** Sets the style footnotes are worded in (an id from lib/citations/styles, checked by the caller). */
export const setWikiCitationStyle = perDialect(
  (db: Db, wikiId: string, citationStyle: string): void => void db.update(wikis).set({ citationStyle }).where(eq(wikis.id, wikiId)).run(),
  postgres.setWikiCitationStyle,
);

export const wikiSlugTaken = perDialect(
  (db: Db, slug: string): boolean => !!db.select({ id: wikis.id }).from(wikis).where(eq(wikis.slug, slug)).get(),
  postgres.wikiSlugTaken,
);

/** The wikis a user belongs to, with their role in each. */
export const listWikisForUser = perDialect(
  (db: Db, userId: string): WikiWithRole[] =>
    db
      .select({ wiki: wikis, role: wikiMembers.role })
      .from(wikiMembers)
      .innerJoin(wikis, eq(wikis.id, wikiMembers.wikiId))
      .where(eq(wikiMembers.userId, userId))
      .orderBy(asc(wikis.name))
      .all()
      .map((r) => ({ ...r.wiki, role: r.role })),
  postgres.listWikisForUser,
);

const sqliteFindMemberRole = (_db: Db, wikiId: string, userId: string): Role | null => memberRole().get({ wikiId, userId })?.role ?? null;

export const findMemberRole = perDialect(sqliteFindMemberRole, postgres.findMemberRole);

/** A person's role in a wiki, as findMemberRoles answers for many at once. */
export type MemberRole = { wikiId: string; userId: string; role: Role };

/**
 * The roles held in `wikiIds` by `userIds`, in one query (a pair absent: not a member). It may
 * answer pairs nobody asked about (every wiki × every person); the caller picks its own.
 */
export const findMemberRoles = perDialect(
  (db: Db, wikiIds: string[], userIds: string[]): MemberRole[] =>
    wikiIds.length === 0 || userIds.length === 0
      ? []
      : db
          .select({ wikiId: wikiMembers.wikiId, userId: wikiMembers.userId, role: wikiMembers.role })
          .from(wikiMembers)
          .where(and(inArray(wikiMembers.wikiId, wikiIds), inArray(wikiMembers.userId, userIds)))
          .all(),
  postgres.findMemberRoles,
);

export const listMembers = perDialect((_db: Db, wikiId: string): Member[] => membersOf().all({ wikiId }), postgres.listMembers);

export const countOwners = perDialect(
  (db: Db, wikiId: string): number =>
    db
      .select({ n: count() })
      .from(wikiMembers)
      .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.role, "owner")))
      .get()?.n ?? 0,
  postgres.countOwners,
);

export const insertMember = perDialect((db: Db, wikiId: string, userId: string, role: Role): void => {
  // To the millisecond (the column's default has whole seconds): the audit log shows a member's
  // account events from this moment on, and must not reach back to just before it.
  db.insert(wikiMembers).values({ wikiId, userId, role, createdAt: new Date() }).run();
}, postgres.insertMember);

export const updateMemberRole = perDialect(
  (db: Db, wikiId: string, userId: string, role: Role): boolean =>
    db
      .update(wikiMembers)
      .set({ role })
      .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.userId, userId)))
      .run().changes > 0,
  postgres.updateMemberRole,
);

export const deleteMember = perDialect(
  (db: Db, wikiId: string, userId: string): boolean =>
    db
      .delete(wikiMembers)
      .where(and(eq(wikiMembers.wikiId, wikiId), eq(wikiMembers.userId, userId)))
      .run().changes > 0,
  postgres.deleteMember,
);

export const insertInvite = perDialect(
  (
    db: Db,
    invite: { id: string; tokenHash: string; wikiId: string; email: string; role: Role; createdBy: string; expiresAt: Date },
  ): Invite => db.insert(invites).values(invite).returning().get(),
  postgres.insertInvite,
);

/** Gives a pending invitation a new link (the old one stops working) and a new expiry. */
export const replaceInviteToken = perDialect(
  (db: Db, id: string, tokenHash: string, expiresAt: Date): boolean =>
    db
      .update(invites)
      .set({ tokenHash, expiresAt })
      .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
      .run().changes > 0,
  postgres.replaceInviteToken,
);

export const findInviteByTokenHash = perDialect(
  (db: Db, tokenHash: string): Invite | undefined => db.select().from(invites).where(eq(invites.tokenHash, tokenHash)).get(),
  postgres.findInviteByTokenHash,
);

/**
 * Spends a pending invitation; false when it was used or revoked already. The condition is in the
 * UPDATE, so of two accepts racing on PostgreSQL the second waits for the first's row lock, finds
 * the invitation used and gets false.
 */
export const markInviteUsed = perDialect(
  (db: Db, id: string): boolean =>
    db
      .update(invites)
      .set({ usedAt: new Date() })
      .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
      .run().changes > 0,
  postgres.markInviteUsed,
);

/** Invitations not yet used, revoked or expired, newest first. */
export const listPendingInvites = perDialect(
  (db: Db, wikiId: string): Invite[] =>
    db
      .select()
      .from(invites)
      .where(and(eq(invites.wikiId, wikiId), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())))
      .orderBy(desc(invites.createdAt))
      .all(),
  postgres.listPendingInvites,
);

export const findInvite = perDialect(
  (db: Db, id: string): Invite | undefined => db.select().from(invites).where(eq(invites.id, id)).get(),
  postgres.findInvite,
);

/** Marks a pending invitation revoked; false when it was already used or revoked. */
export const markInviteRevoked = perDialect(
  (db: Db, id: string): boolean =>
    db
      .update(invites)
      .set({ revokedAt: new Date() })
      .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
      .run().changes > 0,
  postgres.markInviteRevoked,
);
