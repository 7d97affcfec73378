import { asc, count, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "../client";
import { preparedQuery } from "../prepared";
import { users, type User } from "../schema";

export type PublicUser = Pick<User, "id" | "email" | "name">;

export function countUsers(): number {
  return getDb().select({ n: count() }).from(users).get()?.n ?? 0;
}

export function findUserByEmail(email: string): User | undefined {
  return getDb().select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

// Every signed-in request looks its user up: built once (db/prepared.ts).
const userById = preparedQuery((db) => db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare());

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
