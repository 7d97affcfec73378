import { transaction } from "@/db/executor";
import {
  findPasswordResetByTokenHash,
  findUserByEmail,
  findUserById,
  insertPasswordReset,
  spendPasswordReset,
  spendPasswordResets,
  updateUserPasswordEndingSessions,
} from "@/db/queries/users";
import type { PasswordReset, User } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { recordAuditAsync } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/passwords";
import { admitPasswordResetRequest } from "@/lib/auth/rate-limit";
import { mailEnabled } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashSecret, newId, newSecret } from "@/lib/ids";
import { enqueueMailAsync } from "@/lib/mail/outbox";
import { passwordResetMail } from "@/lib/mail/templates";
import { publicOrigin, serverOrigin } from "@/lib/server/request-origin";

const RESET_LIFETIME_MS = 60 * 60 * 1000;
const USED = "This password reset link has already been used. Ask for a new one if you need to.";

/** The address of a reset link's page. */
export function passwordResetUrl(origin: string, secret: string): string {
  return `${origin}/password-reset/${encodeURIComponent(secret)}`;
}

/**
 * Mails a one-time link to set a new password, valid for an hour, to the account with this
 * e-mail. The caller learns nothing either way: an unknown address, an account without a
 * password (it signs in through a provider), a mailbox over its budget or e-mail being off all
 * return just like a mail sent. Only too many requests from one address are refused (429).
 */
export async function requestPasswordReset(email: string, context: { ip: string | null; origin?: string }): Promise<void> {
  const verdict = await admitPasswordResetRequest(email, context.ip ?? "local");
  if (verdict === "address") throw new AppError("rate_limited", "Too many requests. Wait a few minutes and try again.");
  if (verdict === "email" || !mailEnabled()) return;
  const origin = context.origin ? publicOrigin(context.origin) : serverOrigin();
  await transaction(async () => {
    const user = await findUserByEmail(email);
    if (!user?.passwordHash) return;
    const secret = newSecret("pwr");
    const reset = await insertPasswordReset({
      id: newId(),
      userId: user.id,
      tokenHash: hashSecret(secret),
      expiresAt: new Date(Date.now() + RESET_LIFETIME_MS),
    });
    await enqueueMailAsync({
      kind: "password-reset",
      to: user.email,
      ...passwordResetMail({ name: user.name, url: passwordResetUrl(origin, secret), expiresAt: reset.expiresAt }),
    });
    await recordAuditAsync({
      action: AUDIT_ACTIONS.passwordResetRequested,
      by: { userId: user.id, ip: context.ip },
      wikiId: null,
      target: { type: "user", id: user.id },
      details: {},
    });
  });
}

/** A reset link that can still be used, or an error saying why not (expired, used, unknown). */
export async function findUsablePasswordReset(secret: string): Promise<{ reset: PasswordReset; user: User }> {
  const reset = await findPasswordResetByTokenHash(hashSecret(secret));
  const user = reset ? await findUserById(reset.userId) : undefined;
  if (!reset || !user) throw new AppError("not_found", "This password reset link is not valid. Ask for a new one.");
  if (reset.usedAt) throw new AppError("conflict", USED);
  if (reset.expiresAt.getTime() <= Date.now())
    throw new AppError("conflict", "This password reset link has expired (links work for an hour). Ask for a new one.");
  return { reset, user };
}

/**
 * Sets a new password with a reset link. The link and every other unused link of the account
 * are spent, and every session of the account ends (its session epoch moves on); API tokens
 * and everything else stay. Nothing changes when the link cannot be used.
 */
export async function completePasswordReset(secret: string, newPassword: string, context: { ip: string | null }): Promise<User> {
  await findUsablePasswordReset(secret);
  const passwordHash = await hashPassword(newPassword);
  return transaction(async () => {
    // Checked again inside the transaction, and the link spent before anything else by an update
    // whose condition is that it is unused: two tabs racing with the same link get one reset (on
    // PostgreSQL the second waits on the link's row until the first commits, then finds it used).
    const { reset, user } = await findUsablePasswordReset(secret);
    const at = new Date();
    if (!(await spendPasswordReset(reset.id, at))) throw new AppError("conflict", USED);
    await spendPasswordResets(user.id, at);
    await updateUserPasswordEndingSessions(user.id, passwordHash);
    await recordAuditAsync({
      action: AUDIT_ACTIONS.passwordResetUsed,
      by: { userId: user.id, ip: context.ip },
      wikiId: null,
      target: { type: "user", id: user.id },
      details: {},
    });
    return user;
  });
}
