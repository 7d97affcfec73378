"use client";

import { useActionState } from "react";
import { Button, Field, FormMessage, Input } from "@/components/ui/form";
import { createWikiAction } from "./actions";

export function CreateWikiForm() {
  const [state, action, pending] = useActionState(createWikiAction, undefined);
  return (
    <form action={action} className="space-y-3">
      <FormMessage error={state?.error} />
      <Field label="Research question">
        <Input name="name" required maxLength={120} placeholder="e.g. Attribution of cyber operations" />
      </Field>
      <Field label="Description (optional)">
        <Input name="description" maxLength={500} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create wiki"}
      </Button>
    </form>
  );
}
