import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "../client";
import { preparedQuery } from "../prepared";
import { apiTokens, users, type ApiToken, type User } from "../schema";

export function insertApiToken(token: { id: string; userId: string; name: string; tokenHash: string }): ApiToken {
  return getDb().insert(apiTokens).values(token).returning().get();
}

export function listApiTokens(userId: string): ApiToken[] {
  return getDb().select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt)).all();
}

/** The live (not revoked) token with this hash, with its user. */
export function findUserByTokenHash(tokenHash: string): { user: User; token: ApiToken } | undefined {
  return liveTokenByHash().get({ tokenHash }) ?? undefined;
}

// Every REST call and collab connection with a token looks it up: built once (db/prepared.ts).
const liveTokenByHash = preparedQuery((db) =>
  db
    .select({ user: users, token: apiTokens })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("tokenHash")), isNull(apiTokens.revokedAt)))
    .prepare(),
);

/** Records that a token was used; at most once a minute, so reads do not each cost a write. */
export function touchApiToken(token: Pick<ApiToken, "id" | "lastUsedAt">): void {
  if (token.lastUsedAt && Date.now() - token.lastUsedAt.getTime() < 60_000) return;
  getDb().update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, token.id)).run();
}

/** Revokes one of the user's own tokens; the revoked token, or undefined when there is no such live token. */
export function revokeApiToken(userId: string, tokenId: string): ApiToken | undefined {
  return getDb()
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning()
    .get();
}
