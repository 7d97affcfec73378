"use server";

import { AuthError } from "next-auth";
import { publicAction } from "@/lib/actions/form-action";
import { signIn } from "@/lib/auth/auth";
import type { FormState } from "@/lib/validations/form";

function safeCallback(url: FormDataEntryValue | null): string {
  const value = typeof url === "string" ? url : "";
  // Only same-site paths: never bounce a fresh session to another site.
  return value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return publicAction(null, async () => {
    const email = String(formData.get("email") ?? "");
    try {
      await signIn("credentials", {
        email,
        password: String(formData.get("password") ?? ""),
        redirectTo: safeCallback(formData.get("callbackUrl")),
      });
    } catch (error) {
      if (error instanceof AuthError) {
        const code = (error as AuthError & { code?: string }).code;
        return {
          error: code === "rate_limited" ? "Too many attempts. Wait a few minutes and try again." : "Wrong e-mail or password.",
          values: { email },
        };
      }
      throw error; // the redirect after a successful sign-in
    }
    return undefined;
  });
}

export async function signInWithProviderAction(formData: FormData): Promise<void> {
  await publicAction(null, async () => {
    await signIn(String(formData.get("provider")), { redirectTo: safeCallback(formData.get("callbackUrl")) });
  });
}
