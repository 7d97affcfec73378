"use client";

import { useActionState } from "react";
import { Button, Field, FormMessage, Input } from "@/components/ui/form";
import { changePasswordAction } from "./actions";

/** Change your own password; the current one is asked for first. */
export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const [state, action, pending] = useActionState(changePasswordAction, undefined);
  return (
    <form action={action} className="space-y-3" aria-label="Change password" data-testid="change-password">
      <Field label="Current password">
        <Input name="currentPassword" type="password" autoComplete="current-password" required />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="New password" hint={`At least ${minLength} characters.`}>
          <Input name="newPassword" type="password" autoComplete="new-password" required minLength={minLength} />
        </Field>
        <Field label="Repeat the new password">
          <Input name="repeatPassword" type="password" autoComplete="new-password" required minLength={minLength} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="endOtherSessions" data-testid="end-other-sessions" />
        Sign out every other browser and device (this one stays signed in)
      </label>
      <FormMessage error={state?.error} success={state?.success} />
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
