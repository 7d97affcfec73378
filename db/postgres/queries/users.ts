import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { PasswordReset, User } from "../../schema";
import type { PublicUser } from "../../queries/users";
import type { PgExecutor } from "../client";
import { passwordResets, users } from "../schema";

/** PostgreSQL side of db/queries/users.ts (the comments there say what each does). */

export async function countUsers(db: PgExecutor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function lockUsersForFirstAccount(db: PgExecutor): Promise<void> {
  // EXCLUSIVE lets others read users but not write them until this transaction ends: a second
  // setup waits here, then counts the first one's account. A row lock cannot do it: there is no
  // row yet to lock.
  await db.execute(sql`LOCK TABLE ${users} IN EXCLUSIVE MODE`);
}

export async function findUserByEmail(db: PgExecutor, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row;
}

export async function findUserById(db: PgExecutor, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertUser(
  db: PgExecutor,
  user: { id: string; email: string; name: string; passwordHash: string | null },
): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ ...user, email: user.email.trim().toLowerCase() })
    .returning();
  return row;
}

export async function updateUserPassword(db: PgExecutor, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function listUsers(db: PgExecutor): Promise<PublicUser[]> {
  return db.select({ id: users.id, email: users.email, name: users.name }).from(users).orderBy(asc(users.createdAt), asc(users.email));
}

export async function findUsersByIds(db: PgExecutor, ids: string[]): Promise<PublicUser[]> {
  if (ids.length === 0) return [];
  return db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.id, ids));
}

export async function updateUserPasswordEndingSessions(db: PgExecutor, userId: string, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(eq(users.id, userId));
}

export async function insertPasswordReset(
  db: PgExecutor,
  reset: { id: string; userId: string; tokenHash: string; expiresAt: Date },
): Promise<PasswordReset> {
  const [row] = await db.insert(passwordResets).values(reset).returning();
  return row;
}

export async function findPasswordResetByTokenHash(db: PgExecutor, tokenHash: string): Promise<PasswordReset | undefined> {
  const [row] = await db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash));
  return row;
}

export async function spendPasswordResets(db: PgExecutor, userId: string, at: Date): Promise<number> {
  const spent = await db
    .update(passwordResets)
    .set({ usedAt: at })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
    .returning({ id: passwordResets.id });
  return spent.length;
}

export async function spendPasswordReset(db: PgExecutor, id: string, at: Date): Promise<boolean> {
  const spent = await db
    .update(passwordResets)
    .set({ usedAt: at })
    .where(and(eq(passwordResets.id, id), isNull(passwordResets.usedAt)))
    .returning({ id: passwordResets.id });
  return spent.length > 0;
}
