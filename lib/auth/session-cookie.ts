import { decode } from "next-auth/jwt";
import { LruCache } from "@/lib/lru";

/** Cookie names next-auth v5 uses for the session JWT (the __Secure- one on HTTPS). */
export const SESSION_COOKIE_NAMES = ["authjs.session-token", "__Secure-authjs.session-token"];

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/**
 * Decoded session tokens by their exact text. Decoding derives the key (HKDF) and decrypts the
 * JWE on every request; the same token always decodes to the same payload, so remembering a few
 * is safe (expiry is checked on every use, and revocation never relied on the token: callers
 * re-read the user and memberships from the database).
 */
type DecodedSession = { sub: string | null; exp: number | null; epoch: number };
const decoded = new LruCache<string, DecodedSession>(1000);

async function decodeSession(token: string, secret: string, salt: string): Promise<DecodedSession> {
  const key = `${salt}\u0000${token}`;
  const hit = decoded.get(key);
  if (hit) return hit;
  let result: DecodedSession = { sub: null, exp: null, epoch: 0 };
  try {
    const payload = await decode({ token, secret, salt });
    // Sessions from before session epochs existed carry none: they count as epoch 0.
    const epoch = typeof payload?.epoch === "number" ? payload.epoch : 0;
    result = { sub: payload?.sub ?? null, exp: typeof payload?.exp === "number" ? payload.exp : null, epoch };
  } catch {
    // A tampered or stale cookie is simply no session (and is remembered as such).
  }
  decoded.set(key, result);
  return result;
}

/**
 * The user id in a request's next-auth session cookie, or null. Callers that let the session
 * act must also check its epoch against the account (lib/auth/session-user.ts does both).
 */
export async function userIdFromSessionCookie(cookieHeader: string | undefined): Promise<string | null> {
  return (await sessionFromCookie(cookieHeader))?.userId ?? null;
}

/**
 * The user id and session epoch in a request's next-auth session cookie, or null. Used for
 * every signed-in request (pages, REST, and the WebSocket upgrade on /collab, which never
 * reaches Next).
 */
export async function sessionFromCookie(cookieHeader: string | undefined): Promise<{ userId: string; epoch: number } | null> {
  const cookies = parseCookies(cookieHeader);
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  for (const name of SESSION_COOKIE_NAMES) {
    // Large sessions are split into name.0, name.1, …
    let token = cookies.get(name);
    if (!token && cookies.has(`${name}.0`)) {
      token = "";
      for (let i = 0; cookies.has(`${name}.${i}`); i++) token += cookies.get(`${name}.${i}`);
    }
    if (!token) continue;
    const payload = await decodeSession(token, secret, name);
    if (payload.sub && (!payload.exp || payload.exp * 1000 > Date.now())) return { userId: payload.sub, epoch: payload.epoch };
  }
  return null;
}
