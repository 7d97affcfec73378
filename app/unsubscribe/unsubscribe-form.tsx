"use client";

import { useActionState } from "react";
import { Button, FormMessage } from "@/components/ui/form";
import { unsubscribeAction } from "./actions";

export function UnsubscribeForm({ token, label }: { token: string; label: string }) {
  const [state, action, pending] = useActionState(unsubscribeAction.bind(null, token), undefined);
  if (state?.success) return <FormMessage success={state.success} />;
  return (
    <form action={action} className="space-y-4">
      <FormMessage error={state?.error} />
      <Button type="submit" disabled={pending} className="w-full">
        {label}
      </Button>
    </form>
  );
}
