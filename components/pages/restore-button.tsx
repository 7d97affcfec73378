"use client";

import { useActionState } from "react";
import { restorePageAction } from "@/app/w/[wiki]/[page]/actions";
import { Button, FormMessage } from "@/components/ui/form";

export function RestoreButton({ pageId }: { pageId: string }) {
  const [state, action, pending] = useActionState(restorePageAction.bind(null, pageId), undefined);
  return (
    <form action={action} className="flex items-center gap-2">
      <Button type="submit" variant="secondary" disabled={pending}>
        Restore
      </Button>
      <FormMessage error={state?.error} />
    </form>
  );
}
