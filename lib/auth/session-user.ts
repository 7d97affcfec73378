import { findUserById } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { sessionFromCookie } from "./session-cookie";

/**
 * The account a session cookie signs in, re-read from the database, or null: when the account
 * is gone, or when its session epoch moved on since the session began (a password reset ended
 * every session). A JWT cannot be revoked; this is where it stops working.
 */
export async function userFromSessionCookie(cookieHeader: string | undefined): Promise<User | null> {
  const session = await sessionFromCookie(cookieHeader);
  if (!session) return null;
  const user = await findUserById(session.userId);
  return user && user.sessionEpoch === session.epoch ? user : null;
}
