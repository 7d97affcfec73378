"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/audit/session-actor";
import { requireSessionUser } from "@/lib/auth/current-user";
import { createApiToken, revokeApiToken } from "@/lib/commands/tokens";
import { parseForm } from "@/lib/validations/form";
import { createTokenSchema } from "@/lib/validations/schemas";

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
