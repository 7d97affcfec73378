"use client";

import { useActionState } from "react";
import { saveVersionAction } from "@/app/w/[wiki]/[page]/history/actions";
import { Button, Field, FormMessage, Input } from "@/components/ui/form";
import { InlineConfirm } from "@/components/ui/inline-confirm";

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

/**
 * Restoring happens in the editor, as the restorer's own change: everyone with the page open sees
 * it live (and is told who restored what), and Ctrl+Z undoes it like any other edit. (The REST
 * endpoint restores server-side.) It asks in place first: the whole page changes for everyone.
 */
export function RestoreVersionButton({ pageHref, version }: { pageHref: string; version: number }) {
  return (
    <InlineConfirm
      label="Restore this version"
      variant="primary"
      question={`Make version ${version} the page's current content? Everyone with the page open will see it; the restore becomes a new version.`}
      testId="restore-version"
    >
      <a
        href={`${pageHref}?restore=${version}`}
        className="inline-flex items-center rounded-md bg-orange-900 px-3 py-2 text-sm font-medium text-white hover:bg-orange-800"
      >
        Restore version {version}
      </a>
    </InlineConfirm>
  );
}
