import { and, desc, eq, isNull } from "drizzle-orm";
import type { ApiToken, User } from "../../schema";
import type { PgExecutor } from "../client";
import { apiTokens, users } from "../schema";

/** PostgreSQL side of db/queries/api-tokens.ts (the comments there say what each does). */

export async function insertApiToken(
  db: PgExecutor,
  token: { id: string; userId: string; name: string; tokenHash: string },
): Promise<ApiToken> {
  const [row] = await db.insert(apiTokens).values(token).returning();
  return row;
}

export async function listApiTokens(db: PgExecutor, userId: string): Promise<ApiToken[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function findUserByTokenHash(db: PgExecutor, tokenHash: string): Promise<{ user: User; token: ApiToken } | undefined> {
  const [row] = await db
    .select({ user: users, token: apiTokens })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
}

export async function setApiTokenUsed(db: PgExecutor, tokenId: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, tokenId));
}

export async function revokeApiToken(db: PgExecutor, userId: string, tokenId: string): Promise<ApiToken | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning();
  return row;
}
