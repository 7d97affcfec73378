import { createHmac, timingSafeEqual } from "node:crypto";
import { NOTIFICATION_KINDS, type NotificationKind } from "@/db/schema";
import { ensureAuthSecret } from "@/lib/env";

/**
 * One-click unsubscribe links (RFC 8058) work without signing in, so the link itself must prove
 * whose notifications it stops: the user id with an HMAC of it under the server's secret. A link
 * stops either every kind of notification e-mail (`<id>.<mac>`, the form every mail sent so far
 * carries) or one kind (`<id>.<kind>.<mac>`, the kind covered by the MAC). It never expires (mail
 * is read late) and can do one thing only: turn notification e-mail off.
 */
const PURPOSE = "opinio-unsubscribe-v1";

/** What a link stops: one kind, or every kind (null). */
export type UnsubscribeScope = NotificationKind | null;

function sign(userId: string, kind: UnsubscribeScope): string {
  const message = kind ? `${PURPOSE}\u0000${userId}\u0000${kind}` : `${PURPOSE}\u0000${userId}`;
  return createHmac("sha256", ensureAuthSecret()).update(message).digest("base64url");
}

export function unsubscribeToken(userId: string, kind: UnsubscribeScope = null): string {
  const encodedId = Buffer.from(userId).toString("base64url");
  return kind ? `${encodedId}.${kind}.${sign(userId, kind)}` : `${encodedId}.${sign(userId, null)}`;
}

const isKind = (value: string): value is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(value);

/** Whose mail a token stops, and which kind (null: all); null when this server did not make it. */
export function verifyUnsubscribeToken(token: string): { userId: string; kind: UnsubscribeScope } | null {
  const parts = token.split(".");
  if (parts.length !== 2 && parts.length !== 3) return null;
  const [encodedId, kindPart, signature] = parts.length === 3 ? parts : [parts[0], null, parts[1]];
  if (!encodedId || !signature || (kindPart !== null && !isKind(kindPart))) return null;
  const kind = kindPart as UnsubscribeScope;
  const userId = Buffer.from(encodedId, "base64url").toString("utf8");
  const expected = Buffer.from(sign(userId, kind));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { userId, kind } : null;
}

export type UnsubscribeLinks = {
  /** The page that confirms before stopping every kind. */
  page: string;
  /** The address mail clients POST to for one click (RFC 8058): stops every kind. */
  oneClick: string;
  /** The page that confirms before stopping one kind. */
  kindPage(kind: NotificationKind): string;
};

export function unsubscribeUrls(origin: string, userId: string): UnsubscribeLinks {
  const token = unsubscribeToken(userId);
  return {
    page: `${origin}/unsubscribe/${token}`,
    oneClick: `${origin}/api/unsubscribe/${token}`,
    kindPage: (kind) => `${origin}/unsubscribe/${unsubscribeToken(userId, kind)}`,
  };
}
