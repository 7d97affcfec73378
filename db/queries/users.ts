import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/users";
import { preparedQuery } from "../prepared";
import { passwordResets, users, type PasswordReset, type User } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export type PublicUser = Pick<User, "id" | "email" | "name">;

export const countUsers = perDialect((db: Db): number => db.select({ n: count() }).from(users).get()?.n ?? 0, postgres.countUsers);

/**
 * Call inside the transaction that creates the first account, before counting accounts: two
 * setups racing then count one after the other. SQLite needs nothing (BEGIN IMMEDIATE already
 * admits one writer at a time); PostgreSQL locks the table against writes (the twin says why).
 */
export const lockUsersForFirstAccount = perDialect((_db: Db): void => undefined, postgres.lockUsersForFirstAccount);

/** Addresses are stored lower-cased and compared so: sign-in ignores the case typed. */
export const findUserByEmail = perDialect(
  (db: Db, email: string): User | undefined => db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get(),
  postgres.findUserByEmail,
);

// Every signed-in request looks its user up: built once (db/prepared.ts).
const userById = preparedQuery((db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare(),
);

const sqliteFindUserById = (_db: Db, id: string): User | undefined => userById().get({ id });

export const findUserById = perDialect(sqliteFindUserById, postgres.findUserById);

export const insertUser = perDialect(
  (db: Db, user: { id: string; email: string; name: string; passwordHash: string | null }): User =>
    db
      .insert(users)
      .values({ ...user, email: user.email.trim().toLowerCase() })
      .returning()
      .get(),
  postgres.insertUser,
);

export const updateUserPassword = perDialect(
  (db: Db, userId: string, passwordHash: string): void => void db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run(),
  postgres.updateUserPassword,
);

/** Every account, oldest first (for the admin CLI's `user list`). */
export const listUsers = perDialect(
  (db: Db): PublicUser[] =>
    db.select({ id: users.id, email: users.email, name: users.name }).from(users).orderBy(asc(users.createdAt), asc(users.email)).all(),
  postgres.listUsers,
);

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, email: user.email, name: user.name };
}

const sqliteFindUsersByIds = (db: Db, ids: string[]): PublicUser[] => {
  if (ids.length === 0) return [];
  return db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.id, ids)).all();
};

export const findUsersByIds = perDialect(sqliteFindUsersByIds, postgres.findUsersByIds);

/** Sets a new password and moves the session epoch on: every session of the account ends. */
export const updateUserPasswordEndingSessions = perDialect(
  (db: Db, userId: string, passwordHash: string): void =>
    void db
      .update(users)
      .set({ passwordHash, sessionEpoch: sql`${users.sessionEpoch} + 1` })
      .where(eq(users.id, userId))
      .run(),
  postgres.updateUserPasswordEndingSessions,
);

export const insertPasswordReset = perDialect(
  (db: Db, reset: { id: string; userId: string; tokenHash: string; expiresAt: Date }): PasswordReset =>
    db.insert(passwordResets).values(reset).returning().get(),
  postgres.insertPasswordReset,
);

export const findPasswordResetByTokenHash = perDialect(
  (db: Db, tokenHash: string): PasswordReset | undefined =>
    db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash)).get(),
  postgres.findPasswordResetByTokenHash,
);

/**
 * Spends one reset link if it is still unused; false when it was spent already. The condition is
 * in the UPDATE, so of two transactions spending the same link on PostgreSQL the second waits for
 * the first's row lock, finds it spent and gets false.
 */
export const spendPasswordReset = perDialect(
  (db: Db, id: string, at: Date): boolean =>
    db
      .update(passwordResets)
      .set({ usedAt: at })
      .where(and(eq(passwordResets.id, id), isNull(passwordResets.usedAt)))
      .run().changes > 0,
  postgres.spendPasswordReset,
);

/** Spends every unused reset link of an account (one was used, or the password changed). */
export const spendPasswordResets = perDialect(
  (db: Db, userId: string, at: Date): number =>
    db
      .update(passwordResets)
      .set({ usedAt: at })
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
      .run().changes,
  postgres.spendPasswordResets,
);
