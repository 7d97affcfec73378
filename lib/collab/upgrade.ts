import type { IncomingMessage } from "node:http";
import { findUserByTokenHash, touchApiToken } from "@/db/queries/api-tokens";
import { findUserById } from "@/db/queries/users";
import { userIdFromSessionCookie } from "@/lib/auth/session-cookie";
import { userFromSessionCookie } from "@/lib/auth/session-user";
import type { User } from "@/db/schema";
import { hashSecret } from "@/lib/ids";
import { isSameOriginRequest } from "@/lib/server/request-origin";
import { userColor } from "@/lib/users/color";
import type { CollabUser } from "./context";

/**
 * The browser only sends cookies cross-site when told to, but a WebSocket upgrade is not subject
 * to CORS: a foreign page could open a socket with the user's cookie. So a cookie-authenticated
 * upgrade must come from our own origin. Token clients (no cookie) are not browsers' ambient
 * credentials and may come from anywhere.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  return isSameOriginRequest(req.headers);
}

function bearerToken(req: IncomingMessage): string | null {
  const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match ? match[1] : null;
}

export type UpgradeVerdict = { ok: true; user: CollabUser } | { ok: false; status: 401 | 403; reason: string };

/** Decides at the HTTP layer, before any WebSocket exists, whether this upgrade may proceed. */
export async function authenticateUpgrade(req: IncomingMessage): Promise<UpgradeVerdict> {
  const token = bearerToken(req);
  let user: User | undefined;
  if (token) {
    const found = await findUserByTokenHash(hashSecret(token));
    if (!found) return { ok: false, status: 401, reason: "Invalid or revoked token" };
    await touchApiToken(found.token);
    user = await findUserById(found.user.id);
  } else {
    if (!(await userIdFromSessionCookie(req.headers.cookie))) return { ok: false, status: 401, reason: "Sign in first" };
    if (!isSameOrigin(req)) return { ok: false, status: 403, reason: "Cross-origin upgrade refused" };
    // The account re-read, and the session's epoch checked (a password reset ends sessions).
    user = (await userFromSessionCookie(req.headers.cookie)) ?? undefined;
  }
  if (!user) return { ok: false, status: 401, reason: "Account no longer exists or the session has ended" };
  return { ok: true, user: { id: user.id, name: user.name, color: userColor(user.id) } };
}
