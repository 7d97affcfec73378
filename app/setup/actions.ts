"use server";

import { redirect } from "next/navigation";
import { publicAction } from "@/lib/actions/form-action";
import { signIn } from "@/lib/auth/auth";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createFirstUser } from "@/lib/commands/users";
import { config } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/validations/form";
import { setupSchema } from "@/lib/validations/schemas";

/** Creates the first account (the owner), seeds the demo wiki unless switched off, and signs in. */
export async function setupAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return publicAction({ schema: setupSchema, formData }, async ({ input: { name, email, password } }) => {
    try {
      const user = await createFirstUser({ name, email, password });
      if (config.seedDemo) await seedDemoWiki(user.id);
    } catch (error) {
      // Someone finished the set-up first: there is nothing left to set up.
      if (error instanceof AppError && error.code === "conflict") redirect("/signin");
      throw error;
    }
    await signIn("credentials", { email, password, redirectTo: "/" });
    return undefined;
  });
}
