"use server";

import { headers } from "next/headers";
import { publicAction } from "@/lib/actions/form-action";
import { clientIp } from "@/lib/audit/client-ip";
import { signIn } from "@/lib/auth/auth";
import { completePasswordReset, requestPasswordReset } from "@/lib/commands/password-resets";
import { requestHost, requestProtocol } from "@/lib/server/request-origin";
import type { FormState } from "@/lib/validations/form";
import { completePasswordResetSchema, passwordResetRequestSchema } from "@/lib/validations/schemas";

/** Public, like the REST endpoint: the same answer whether or not an account uses the address. */
export async function requestPasswordResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return publicAction({ schema: passwordResetRequestSchema, formData }, async ({ input }) => {
    const h = await headers();
    await requestPasswordReset(input.email, { ip: clientIp(h), origin: `${requestProtocol(h)}://${requestHost(h) ?? "localhost:3000"}` });
    return { success: "If an account uses this address, a link to reset its password is on its way. It works for an hour." };
  });
}

/** The reset link's secret is the credential; a used or expired one changes nothing. */
export async function completePasswordResetAction(secret: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return publicAction({ schema: completePasswordResetSchema, formData }, async ({ input }) => {
    const { email } = await completePasswordReset(secret, input.newPassword, { ip: clientIp(await headers()) });
    // Signed in afresh, in the account's new session epoch; every other session has ended. Its
    // redirect passes through publicAction (Next's control flow is rethrown, not caught).
    await signIn("credentials", { email, password: input.newPassword, redirectTo: "/" });
    return undefined;
  });
}
