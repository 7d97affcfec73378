import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { findUserByTokenHash, touchApiToken } from "@/db/queries/api-tokens";
import type { User } from "@/db/schema";
import { hashSecret } from "@/lib/ids";
import { userFromSessionCookie } from "./session-user";

/**
 * The signed-in user, re-read from the database: a session JWT cannot be revoked, so an account
 * that no longer exists must not keep working until the token expires. Once per request (React
 * `cache`): a page view asks from its layout and its page.
 */
export const getSessionUser = cache(async (): Promise<User | null> => {
  // The cookie is decoded directly: next-auth's auth() also re-encrypts the session (for a
  // cookie refresh a server component cannot even send), half of a page view's crypto.
  return userFromSessionCookie((await headers()).get("cookie") ?? undefined);
});

/** For pages that need a signed-in user: sends everyone else to the sign-in screen. */
export async function requireSessionUser(returnTo?: string): Promise<User> {
  const user = await getSessionUser();
  if (!user) redirect(returnTo ? `/signin?callbackUrl=${encodeURIComponent(returnTo)}` : "/signin");
  return user;
}

export type RequestCredential = { user: User; via: "token" | "session" } | { user: null; via: "bad-token" | "none" };

/** A REST caller: a personal API token in `Authorization: Bearer`, else the browser session. */
export async function getRequestUser(request: Request): Promise<RequestCredential> {
  const header = request.headers.get("authorization");
  if (header) {
    // The auth scheme is case-insensitive (RFC 7235).
    const match = /^bearer\s+(\S+)\s*$/i.exec(header);
    const found = match ? await findUserByTokenHash(hashSecret(match[1])) : undefined;
    if (!found) return { user: null, via: "bad-token" };
    await touchApiToken(found.token);
    return { user: found.user, via: "token" };
  }
  const user = await getSessionUser();
  return user ? { user, via: "session" } : { user: null, via: "none" };
}
