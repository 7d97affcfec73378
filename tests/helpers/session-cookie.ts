import { encode } from "next-auth/jwt";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";
import { TEST_SECRET } from "./server";

/** The session cookie's name on plain HTTP, as next-auth sets it and the server reads it. */
export const SESSION_COOKIE = SESSION_COOKIE_NAMES[0];

/**
 * A `Cookie` header value carrying a signed-in browser session for `user`: the session JWT minted
 * as next-auth does after a sign-in (encrypted with the test server's secret, salted with the
 * cookie's name). For requests and WebSocket upgrades that must come from a browser, not a token.
 */
export async function sessionCookie(user: { id: string; name: string; email: string }, secret = TEST_SECRET): Promise<string> {
  const token = await encode({ token: { sub: user.id, name: user.name, email: user.email }, secret, salt: SESSION_COOKIE });
  return `${SESSION_COOKIE}=${token}`;
}

/** The `name=value` part of the session cookie among a response's Set-Cookie headers, or null. */
export function sessionCookieFrom(response: Response): string | null {
  const set = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return set ? set.split(";")[0] : null;
}
