"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createFirstUser } from "@/lib/commands/users";
import { config } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseForm, type FormState } from "@/lib/validations/form";
import { setupSchema } from "@/lib/validations/schemas";

/** Creates the first account (the owner), seeds the demo wiki unless switched off, and signs in. */
export async function setupAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(setupSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  const { name, email, password } = parsed.data;
  try {
    const user = await createFirstUser({ name, email, password });
    if (config.seedDemo) seedDemoWiki(user.id);
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") redirect("/signin");
    throw error;
  }
  await signIn("credentials", { email, password, redirectTo: "/" });
  return undefined;
}
