"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/form-action";
import { createApiToken, revokeApiToken } from "@/lib/commands/tokens";
import { saveNotificationSettings } from "@/lib/commands/notification-settings";
import { changePassword } from "@/lib/commands/users";
import type { FormState } from "@/lib/validations/form";
import { changePasswordSchema, createTokenSchema, notificationSettingsSchema } from "@/lib/validations/schemas";

export type TokenFormState = { error?: string; success?: string; token?: string } | undefined;

export async function createTokenAction(_prev: TokenFormState, formData: FormData): Promise<TokenFormState> {
  return sessionAction({ schema: createTokenSchema, formData }, async ({ actor, input }) => {
    const created = createApiToken(actor, input.name);
    revalidatePath("/settings");
    return { success: "Token created. Copy it now: it will not be shown again.", token: created.token };
  });
}

export async function revokeTokenAction(tokenId: string, _prev: TokenFormState): Promise<TokenFormState> {
  return sessionAction(null, async ({ actor }) => {
    // Scoped to the caller's own tokens in the query itself.
    if (!revokeApiToken(actor, tokenId)) return { error: "No such active token." };
    revalidatePath("/settings");
    return { success: "Revoked." };
  });
}

export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return sessionAction({ schema: changePasswordSchema, formData }, async ({ actor, input }) => {
    await changePassword(actor, input);
    return { success: "Password changed. Use it the next time you sign in; browsers signed in now stay signed in." };
  });
}

export async function saveNotificationSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return sessionAction({ schema: notificationSettingsSchema, formData }, async ({ user, input }) => {
    saveNotificationSettings(user.id, input);
    revalidatePath("/settings");
    return { success: "Saved." };
  });
}
