"use client";

import { useActionState } from "react";
import { createPageAction } from "@/app/w/[wiki]/[page]/actions";
import { Button, Field, FormMessage, Select } from "@/components/ui/form";
import { TitleField } from "@/components/ui/title-field";

export function NewPageForm({
  wikiId,
  parents,
  defaultParent,
  defaultTitle,
}: {
  wikiId: string;
  parents: { id: string; title: string; depth: number }[];
  defaultParent?: string;
  /** From a link to a page that does not exist yet ("create this page"). */
  defaultTitle?: string;
}) {
  const [state, action, pending] = useActionState(createPageAction.bind(null, wikiId), undefined);
  return (
    <form action={action} className="space-y-4">
      <FormMessage error={state?.error} />
      <TitleField label="Title" name="title" required autoFocus defaultValue={defaultTitle} placeholder="e.g. The no-harm principle" />
      <Field label="Under">
        <Select name="parentId" defaultValue={defaultParent ?? ""} className="w-full">
          <option value="">(top level)</option>
          {parents.map((p) => (
            <option key={p.id} value={p.id}>
              {"\u00a0\u00a0".repeat(p.depth) + p.title}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create page"}
      </Button>
    </form>
  );
}
