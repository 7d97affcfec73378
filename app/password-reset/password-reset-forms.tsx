"use client";

import { useActionState } from "react";
import { Button, Field, FormMessage, Input } from "@/components/ui/form";
import { completePasswordResetAction, requestPasswordResetAction } from "./actions";

export function RequestResetForm() {
  const [state, action, pending] = useActionState(requestPasswordResetAction, undefined);
  return (
    <form action={action} className="space-y-4">
      <FormMessage error={state?.error} success={state?.success} />
      <Field label="E-mail">
        <Input name="email" type="email" required autoComplete="email" />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        Send me a link
      </Button>
    </form>
  );
}

export function NewPasswordForm({ secret, email, minPassword }: { secret: string; email: string; minPassword: number }) {
  const [state, action, pending] = useActionState(completePasswordResetAction.bind(null, secret), undefined);
  return (
    <form action={action} className="space-y-4">
      <FormMessage error={state?.error} />
      <Field label="E-mail">
        <Input value={email} readOnly disabled autoComplete="username" />
      </Field>
      <Field label="New password" hint={`At least ${minPassword} characters.`}>
        <Input name="newPassword" type="password" required minLength={minPassword} autoComplete="new-password" />
      </Field>
      <Field label="New password again">
        <Input name="repeatPassword" type="password" required minLength={minPassword} autoComplete="new-password" />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        Set the new password
      </Button>
    </form>
  );
}
