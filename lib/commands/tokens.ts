import { insertApiToken, revokeApiToken as markApiTokenRevoked } from "@/db/queries/api-tokens";
import { transaction } from "@/db/executor";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAuditAsync, type ActorRef } from "@/lib/audit/record";
import { hashSecret, newId, newSecret } from "@/lib/ids";

/** Creates a personal API token; the secret is returned once and only its hash is stored. */
export async function createApiToken(owner: ActorRef, name: string): Promise<{ id: string; name: string; token: string }> {
  const token = newSecret("opn");
  const row = await transaction(async () => {
    const row = await insertApiToken({ id: newId(), userId: actorId(owner), name, tokenHash: hashSecret(token) });
    await recordAuditAsync({
      action: AUDIT_ACTIONS.tokenCreated,
      by: owner,
      wikiId: null,
      target: { type: "token", id: row.id },
      details: { name },
    });
    return row;
  });
  return { id: row.id, name: row.name, token };
}

/** Revokes one of the caller's own live tokens; false when there is no such token. */
export async function revokeApiToken(owner: ActorRef, tokenId: string): Promise<boolean> {
  return transaction(async () => {
    const token = await markApiTokenRevoked(actorId(owner), tokenId);
    if (!token) return false;
    await recordAuditAsync({
      action: AUDIT_ACTIONS.tokenRevoked,
      by: owner,
      wikiId: null,
      target: { type: "token", id: token.id },
      details: { name: token.name },
    });
    return true;
  });
}
