"use client";

import { useActionState } from "react";
import { restoreVersionAction, saveVersionAction } from "@/app/w/[wiki]/[page]/history/actions";
import { Button, Field, FormMessage, Input } from "@/components/ui/form";

export function SaveVersionForm({ pageId }: { pageId: string }) {
  const [state, action, pending] = useActionState(saveVersionAction.bind(null, pageId), undefined);
  return (
    <form action={action} className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1">
          <Field label="Version name">
            <Input name="name" required maxLength={200} placeholder="e.g. Sent to co-author for review" />
          </Field>
        </div>
        <div className="min-w-48 flex-1">
          <Field label="Note (optional)">
            <Input name="note" maxLength={2000} />
          </Field>
        </div>
        <Button type="submit" disabled={pending}>
          Save version
        </Button>
      </div>
      <FormMessage error={state?.error} success={state?.success} />
    </form>
  );
}

export function RestoreVersionButton({ pageId, version }: { pageId: string; version: number }) {
  const [state, action, pending] = useActionState(restoreVersionAction.bind(null, pageId, version), undefined);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Make version ${version} the page's current content? Everyone with the page open will see it; the restore becomes a new version.`)) event.preventDefault();
      }}
    >
      <Button type="submit" disabled={pending}>
        Restore this version
      </Button>
      <FormMessage error={state?.error} />
    </form>
  );
}
