"use server";

import { headers } from "next/headers";
import { clientIp } from "@/lib/audit/client-ip";
import { signIn } from "@/lib/auth/auth";
import { acceptInvite } from "@/lib/commands/invites";
import { AppError } from "@/lib/errors";
import { parseForm, type FormState } from "@/lib/validations/form";
import { acceptInviteSchema } from "@/lib/validations/schemas";

export async function acceptInviteAction(secret: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(acceptInviteSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  let email: string;
  let wikiSlug: string;
  try {
    const { user, wiki } = await acceptInvite(secret, parsed.data, { ip: clientIp(await headers()) });
    email = user.email;
    wikiSlug = wiki.slug;
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  await signIn("credentials", { email, password: parsed.data.password, redirectTo: `/w/${wikiSlug}` });
  return undefined;
}
