"use client";

import { useActionState } from "react";
import { CopyField } from "@/components/ui/copy-button";
import { Button, Field, FormMessage, Input } from "@/components/ui/form";
import { createTokenAction, revokeTokenAction } from "./actions";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, undefined);
  return (
    <form action={action} className="space-y-3">
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <Field label="Token name" hint="What will use it, e.g. “citation script”.">
            <Input name="name" required maxLength={100} />
          </Field>
        </div>
        <Button type="submit" disabled={pending}>
          Create token
        </Button>
      </div>
      <FormMessage error={state?.error} success={state?.success} />
      {state?.token ? <CopyField value={state.token} label="New token" what="token" testId="new-token" copyTestId="copy-token" /> : null}
    </form>
  );
}

export function RevokeTokenButton({ tokenId }: { tokenId: string }) {
  const [state, action, pending] = useActionState(revokeTokenAction.bind(null, tokenId), undefined);
  return (
    <form action={action}>
      <Button type="submit" variant="danger" disabled={pending}>
        Revoke
      </Button>
      <FormMessage error={state?.error} />
    </form>
  );
}
