"use client";

import { useActionState } from "react";
import { Button, Field, FormMessage, Input } from "@/components/ui/form";
import { acceptInviteAction } from "./actions";

export function InviteForm({ secret, email, minPassword }: { secret: string; email: string; minPassword: number }) {
  const [state, action, pending] = useActionState(acceptInviteAction.bind(null, secret), undefined);
  return (
    <form action={action} className="space-y-4">
      <FormMessage error={state?.error} />
      <Field label="E-mail">
        <Input value={email} readOnly disabled />
      </Field>
      <Field label="Your name">
        <Input name="name" required autoComplete="name" />
      </Field>
      <Field label="Choose a password" hint={`At least ${minPassword} characters.`}>
        <Input name="password" type="password" required minLength={minPassword} autoComplete="new-password" />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        Create account and join
      </Button>
    </form>
  );
}
