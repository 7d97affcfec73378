import { insertApiToken } from "@/db/queries/api-tokens";
import { hashSecret, newId, newSecret } from "@/lib/ids";

/** Creates a personal API token; the secret is returned once and only its hash is stored. */
export function createApiToken(userId: string, name: string): { id: string; name: string; token: string } {
  const token = newSecret("opn");
  const row = insertApiToken({ id: newId(), userId, name, tokenHash: hashSecret(token) });
  return { id: row.id, name: row.name, token };
}
