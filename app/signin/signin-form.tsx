"use client";

import { useActionState } from "react";
import { Button, Field, FormMessage, Input } from "@/components/ui/form";
import { signInAction } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(signInAction, undefined);
  return (
    <form action={action} className="space-y-4">
      <FormMessage error={state?.error} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label="E-mail">
        <Input name="email" type="email" required autoComplete="email" defaultValue={state?.values?.email} />
      </Field>
      <Field label="Password">
        <Input name="password" type="password" required autoComplete="current-password" />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
