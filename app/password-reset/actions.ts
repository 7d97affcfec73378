"use server";

import { headers } from "next/headers";
import { clientIp } from "@/lib/audit/client-ip";
import { signIn } from "@/lib/auth/auth";
import { completePasswordReset, requestPasswordReset } from "@/lib/commands/password-resets";
import { AppError } from "@/lib/errors";
import { requestHost, requestProtocol } from "@/lib/server/request-origin";
import { parseForm, type FormState } from "@/lib/validations/form";
import { completePasswordResetSchema, passwordResetRequestSchema } from "@/lib/validations/schemas";

/** Public, like the REST endpoint: the same answer whether or not an account uses the address. */
export async function requestPasswordResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(passwordResetRequestSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  const h = await headers();
  try {
    await requestPasswordReset(parsed.data.email, { ip: clientIp(h), origin: `${requestProtocol(h)}://${requestHost(h) ?? "localhost:3000"}` });
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  return { success: "If an account uses this address, a link to reset its password is on its way. It works for an hour." };
}

/** The reset link's secret is the credential; a used or expired one changes nothing. */
export async function completePasswordResetAction(secret: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(completePasswordResetSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  let email: string;
  try {
    ({ email } = await completePasswordReset(secret, parsed.data.newPassword, { ip: clientIp(await headers()) }));
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  // Signed in afresh, in the account's new session epoch; every other session has ended.
  await signIn("credentials", { email, password: parsed.data.newPassword, redirectTo: "/" });
  return undefined;
}
