import { decode } from "next-auth/jwt";

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
 * The user id in a request's next-auth session cookie, or null. Used where next-auth's `auth()`
 * cannot run: the WebSocket upgrade on /collab, which never reaches Next.
 */
export async function userIdFromSessionCookie(cookieHeader: string | undefined): Promise<string | null> {
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
    try {
      const payload = await decode({ token, secret, salt: name });
      if (payload?.sub && (!payload.exp || payload.exp * 1000 > Date.now())) return payload.sub;
    } catch {
      // A tampered or stale cookie is simply no session.
    }
  }
  return null;
}
