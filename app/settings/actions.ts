"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/audit/session-actor";
import { requireSessionUser } from "@/lib/auth/current-user";
import { createApiToken, revokeApiToken } from "@/lib/commands/tokens";
import { saveNotificationSettings } from "@/lib/commands/notification-settings";
import { changePassword } from "@/lib/commands/users";
import { AppError } from "@/lib/errors";
import { parseForm, type FormState } from "@/lib/validations/form";
import { changePasswordSchema, createTokenSchema, notificationSettingsSchema } from "@/lib/validations/schemas";

export type TokenFormState = { error?: string; success?: string; token?: string } | undefined;

export async function createTokenAction(_prev: TokenFormState, formData: FormData): Promise<TokenFormState> {
  const user = await requireSessionUser();
  const parsed = parseForm(createTokenSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  const created = createApiToken(await sessionActor(user), parsed.data.name);
  revalidatePath("/settings");
  return { success: "Token created. Copy it now: it will not be shown again.", token: created.token };
}

export async function revokeTokenAction(tokenId: string, _prev: TokenFormState): Promise<TokenFormState> {
  const user = await requireSessionUser();
  // Scoped to the caller's own tokens in the query itself.
  if (!revokeApiToken(await sessionActor(user), tokenId)) return { error: "No such active token." };
  revalidatePath("/settings");
  return { success: "Revoked." };
}

export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSessionUser();
  const parsed = parseForm(changePasswordSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  try {
    await changePassword(await sessionActor(user), parsed.data);
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  return { success: "Password changed. Use it the next time you sign in; browsers signed in now stay signed in." };
}

export async function saveNotificationSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSessionUser();
  const parsed = parseForm(notificationSettingsSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  saveNotificationSettings(user.id, parsed.data);
  revalidatePath("/settings");
  return { success: "Saved." };
}
