import { createHmac, timingSafeEqual } from "node:crypto";
import { ensureAuthSecret } from "@/lib/env";

/**
 * One-click unsubscribe links (RFC 8058) work without signing in, so the link itself must prove
 * whose notifications it stops: the user id with an HMAC of it under the server's secret. It
 * never expires (mail is read late) and can do one thing only: turn notification e-mail off.
 */
const PURPOSE = "opinio-unsubscribe-v1";

function sign(userId: string): string {
  return createHmac("sha256", ensureAuthSecret()).update(`${PURPOSE}\u0000${userId}`).digest("base64url");
}

export function unsubscribeToken(userId: string): string {
  return `${Buffer.from(userId).toString("base64url")}.${sign(userId)}`;
}

/** The user id a token was made for, or null when it was not made by this server. */
export function verifyUnsubscribeToken(token: string): string | null {
  const [encodedId, signature] = token.split(".");
  if (!encodedId || !signature) return null;
  const userId = Buffer.from(encodedId, "base64url").toString("utf8");
  const expected = Buffer.from(sign(userId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
}

/** The page that confirms and the address mail clients POST to for one click (RFC 8058). */
export function unsubscribeUrls(origin: string, userId: string): { page: string; oneClick: string } {
  const token = unsubscribeToken(userId);
  return { page: `${origin}/unsubscribe/${token}`, oneClick: `${origin}/api/unsubscribe/${token}` };
}
