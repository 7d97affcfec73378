import { writeTransaction } from "@/db/client";
import { insertApiToken, revokeApiToken as markApiTokenRevoked } from "@/db/queries/api-tokens";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAudit, type ActorRef } from "@/lib/audit/record";
import { hashSecret, newId, newSecret } from "@/lib/ids";

/** Creates a personal API token; the secret is returned once and only its hash is stored. */
export function createApiToken(owner: ActorRef, name: string): { id: string; name: string; token: string } {
  const token = newSecret("opn");
  const row = writeTransaction(() => {
    const row = insertApiToken({ id: newId(), userId: actorId(owner), name, tokenHash: hashSecret(token) });
    recordAudit({ action: AUDIT_ACTIONS.tokenCreated, by: owner, wikiId: null, target: { type: "token", id: row.id }, details: { name } });
    return row;
  });
  return { id: row.id, name: row.name, token };
}

/** Revokes one of the caller's own live tokens; false when there is no such token. */
export function revokeApiToken(owner: ActorRef, tokenId: string): boolean {
  return writeTransaction(() => {
    const token = markApiTokenRevoked(actorId(owner), tokenId);
    if (!token) return false;
    recordAudit({
      action: AUDIT_ACTIONS.tokenRevoked,
      by: owner,
      wikiId: null,
      target: { type: "token", id: token.id },
      details: { name: token.name },
    });
    return true;
  });
}
