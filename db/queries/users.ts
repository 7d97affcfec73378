import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "../client";
import { preparedQuery } from "../prepared";
import { passwordResets, users, type PasswordReset, type User } from "../schema";

export type PublicUser = Pick<User, "id" | "email" | "name">;

export function countUsers(): number {
  return getDb().select({ n: count() }).from(users).get()?.n ?? 0;
}

export function findUserByEmail(email: string): User | undefined {
  return getDb().select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

// Every signed-in request looks its user up: built once (db/prepared.ts).
const userById = preparedQuery((db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare(),
);

export function findUserById(id: string): User | undefined {
  return userById().get({ id });
}

export function insertUser(user: { id: string; email: string; name: string; passwordHash: string | null }): User {
  return getDb()
    .insert(users)
    .values({ ...user, email: user.email.trim().toLowerCase() })
    .returning()
    .get();
}

export function updateUserPassword(userId: string, passwordHash: string): void {
  getDb().update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}

/** Every account, oldest first (for the admin CLI's `user list`). */
export function listUsers(): PublicUser[] {
  return getDb()
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .orderBy(asc(users.createdAt), asc(users.email))
    .all();
}

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, email: user.email, name: user.name };
}

export function findUsersByIds(ids: string[]): PublicUser[] {
  if (ids.length === 0) return [];
  return getDb().select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.id, ids)).all();
}

/** Sets a new password and moves the session epoch on: every session of the account ends. */
export function updateUserPasswordEndingSessions(userId: string, passwordHash: string): void {
  getDb()
    .update(users)
    .set({ passwordHash, sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(eq(users.id, userId))
    .run();
}

export function insertPasswordReset(reset: { id: string; userId: string; tokenHash: string; expiresAt: Date }): PasswordReset {
  return getDb().insert(passwordResets).values(reset).returning().get();
}

export function findPasswordResetByTokenHash(tokenHash: string): PasswordReset | undefined {
  return getDb().select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash)).get();
}

/** Spends every unused reset link of an account (one was used, or the password changed). */
export function spendPasswordResets(userId: string, at: Date): number {
  return getDb()
    .update(passwordResets)
    .set({ usedAt: at })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
    .run().changes;
}
