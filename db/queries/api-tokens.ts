import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/api-tokens";
import { preparedQuery } from "../prepared";
import { apiTokens, users, type ApiToken, type User } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export const insertApiToken = perDialect(
  (db: Db, token: { id: string; userId: string; name: string; tokenHash: string }): ApiToken =>
    db.insert(apiTokens).values(token).returning().get(),
  postgres.insertApiToken,
);

export const listApiTokens = perDialect(
  (db: Db, userId: string): ApiToken[] =>
    db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt)).all(),
  postgres.listApiTokens,
);

/** The live (not revoked) token with this hash, with its user. */
export const findUserByTokenHash = perDialect(
  (_db: Db, tokenHash: string): { user: User; token: ApiToken } | undefined => liveTokenByHash().get({ tokenHash }) ?? undefined,
  postgres.findUserByTokenHash,
);

// Every REST call and collab connection with a token looks it up: built once (db/prepared.ts).
const liveTokenByHash = preparedQuery((db) =>
  db
    .select({ user: users, token: apiTokens })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("tokenHash")), isNull(apiTokens.revokedAt)))
    .prepare(),
);

const setApiTokenUsed = perDialect(
  (db: Db, tokenId: string, at: Date): void => void db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, tokenId)).run(),
  postgres.setApiTokenUsed,
);

/** Records that a token was used; at most once a minute, so reads do not each cost a write. */
export async function touchApiToken(token: Pick<ApiToken, "id" | "lastUsedAt">): Promise<void> {
  if (token.lastUsedAt && Date.now() - token.lastUsedAt.getTime() < 60_000) return;
  await setApiTokenUsed(token.id, new Date());
}

/** Revokes one of the user's own tokens; the revoked token, or undefined when there is no such live token. */
export const revokeApiToken = perDialect(
  (db: Db, userId: string, tokenId: string): ApiToken | undefined =>
    db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning()
      .get(),
  postgres.revokeApiToken,
);
