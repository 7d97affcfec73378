"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { sessionAction } from "@/lib/actions/form-action";
import { signIn } from "@/lib/auth/auth";
import { PASSWORD_CHANGED_EVERYWHERE } from "./notices";
import { createApiToken, revokeApiToken } from "@/lib/commands/tokens";
import { saveNotificationSettings } from "@/lib/commands/notification-settings";
import { changePassword } from "@/lib/commands/users";
import type { FormState } from "@/lib/validations/form";
import { changePasswordSchema, createTokenSchema, notificationSettingsSchema } from "@/lib/validations/schemas";

export type TokenFormState = { error?: string; success?: string; token?: string } | undefined;

export async function createTokenAction(_prev: TokenFormState, formData: FormData): Promise<TokenFormState> {
  return sessionAction({ schema: createTokenSchema, formData }, async ({ actor, input }) => {
    const created = await createApiToken(actor, input.name);
    revalidatePath("/settings");
    return { success: "Token created. Copy it now: it will not be shown again.", token: created.token };
  });
}

export async function revokeTokenAction(tokenId: string, _prev: TokenFormState): Promise<TokenFormState> {
  return sessionAction(null, async ({ actor }) => {
    // Scoped to the caller's own tokens in the query itself.
    if (!(await revokeApiToken(actor, tokenId))) return { error: "No such active token." };
    revalidatePath("/settings");
    return { success: "Revoked." };
  });
}

export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return sessionAction({ schema: changePasswordSchema, formData }, async ({ actor, user, input }) => {
    await changePassword(actor, input);
    if (!input.endOtherSessions) {
      return { success: "Password changed. Use it the next time you sign in; browsers signed in now stay signed in." };
    }
    // Every session of the account has just ended, this one too: sign this browser in again, in
    // the account's new session epoch, with the password the person has just proved they know.
    // The page is then loaded afresh with the new session (a re-render inside this request would
    // still see the old cookie), and says what happened.
    await signIn("credentials", { email: user.email, password: input.newPassword, redirect: false });
    redirect(`/settings?${PASSWORD_CHANGED_EVERYWHERE}`);
  });
}

export async function saveNotificationSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return sessionAction({ schema: notificationSettingsSchema, formData }, async ({ user, input }) => {
    await saveNotificationSettings(user.id, input);
    revalidatePath("/settings");
    return { success: "Saved." };
  });
}
