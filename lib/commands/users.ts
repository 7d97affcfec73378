import { transaction } from "@/db/executor";
import {
  countUsers,
  findUserByEmail,
  findUserById,
  insertUser,
  lockUsersForFirstAccount,
  updateUserPassword,
  updateUserPasswordEndingSessions,
} from "@/db/queries/users";
import type { User } from "@/db/schema";
import { isUniqueViolation } from "@/db/unique-violation";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actorId, recordAuditAsync, type ActorRef } from "@/lib/audit/record";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { consumeAuthAttempt } from "@/lib/auth/rate-limit";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";

const EMAIL_TAKEN = "An account with this e-mail address already exists";

/**
 * Inserts an account whose address was checked free in this transaction. On PostgreSQL another
 * transaction may insert the same address between the check and the insert (nothing to lock: the
 * row does not exist yet); the unique key then refuses this one, which is the same conflict.
 */
export async function insertUserOrConflict(
  user: { id: string; email: string; name: string; passwordHash: string | null },
  message = EMAIL_TAKEN,
): Promise<User> {
  try {
    return await insertUser(user);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(message);
    throw error;
  }
}

/** Creates an account; refuses an e-mail address that already has one. */
export async function createUser(input: { email: string; name: string; password: string | null }): Promise<User> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return transaction(async () => {
    if (await findUserByEmail(input.email)) throw conflict(EMAIL_TAKEN);
    return insertUserOrConflict({ id: newId(), email: input.email, name: input.name, passwordHash });
  });
}

/**
 * Creates the very first account. The check and the insert share one transaction so two people
 * racing through the setup screen cannot both become the first owner: on PostgreSQL the users
 * table is locked against writes first, so the second setup counts the first one's account.
 */
export async function createFirstUser(input: { email: string; name: string; password: string }): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return transaction(async () => {
    await lockUsersForFirstAccount();
    if ((await countUsers()) > 0) throw conflict("Opinio is already set up; sign in instead");
    return insertUserOrConflict({ id: newId(), email: input.email, name: input.name, passwordHash });
  });
}

/** The admin CLI's reset: for a password that is lost or stolen, so every session of the account ends. */
export async function resetPassword(email: string, password: string): Promise<User> {
  const user = await findUserByEmail(email);
  if (!user) throw notFound(`No account with e-mail ${email}`);
  await updateUserPasswordEndingSessions(user.id, await hashPassword(password));
  return user;
}

/**
 * Changes one's own password, once the current one is given. A wrong current password changes
 * nothing and counts against the account's sign-in budget, so a borrowed session cannot be used
 * to guess it. Sessions are JWTs that cannot be revoked one by one: without `endOtherSessions`
 * other signed-in browsers stay signed in until they sign out or their session expires. With it
 * every session of the account ends (the epoch moves on, as after a reset): someone who suspects
 * a lost laptop or a shared computer changes the password and locks every other browser out in
 * one step. The caller signs the current browser in again with the new password.
 */
export async function changePassword(
  by: ActorRef,
  input: { currentPassword: string; newPassword: string; endOtherSessions?: boolean },
): Promise<void> {
  const user = await findUserById(actorId(by));
  if (!user) throw notFound("No such account");
  if (!user.passwordHash) throw conflict("Your account signs in through an external provider and has no password here");
  if (!(await consumeAuthAttempt(user.email, "account")))
    throw new AppError("rate_limited", "Too many attempts. Wait a few minutes and try again.");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw badRequest("Your current password is not correct; nothing was changed.");
  const passwordHash = await hashPassword(input.newPassword);
  await transaction(async () => {
    if (input.endOtherSessions) await updateUserPasswordEndingSessions(user.id, passwordHash);
    else await updateUserPassword(user.id, passwordHash);
    await recordAuditAsync({
      action: AUDIT_ACTIONS.passwordChanged,
      by,
      wikiId: null,
      target: { type: "user", id: user.id },
      details: { endedOtherSessions: !!input.endOtherSessions },
    });
  });
}
