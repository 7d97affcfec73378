"use client";

import { useActionState } from "react";
import { Button, Field, FormMessage, Input } from "@/components/ui/form";
import { setupAction } from "./actions";

export function SetupForm({ minPassword }: { minPassword: number }) {
  const [state, action, pending] = useActionState(setupAction, undefined);
  return (
    <form action={action} className="space-y-4">
      <FormMessage error={state?.error} />
      <Field label="Your name">
        <Input name="name" required autoComplete="name" />
      </Field>
      <Field label="E-mail">
        <Input name="email" type="email" required autoComplete="email" />
      </Field>
      <Field label="Password" hint={`At least ${minPassword} characters.`}>
        <Input name="password" type="password" required minLength={minPassword} autoComplete="new-password" />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Setting up…" : "Create owner account"}
      </Button>
    </form>
  );
}
