"use client";

import { useActionState, useState } from "react";
import { movePageAction, renamePageAction, trashPageAction } from "@/app/w/[wiki]/[page]/actions";
import { Button, FormMessage, Select } from "@/components/ui/form";
import { TitleField } from "@/components/ui/title-field";

type Option = { id: string; title: string; depth: number };

/** Rename, move and delete for editors; each form posts to a server action that re-checks the role. */
export function PageActions({
  pageId,
  title,
  parentId,
  parentOptions,
  linkedFrom = [],
}: {
  pageId: string;
  title: string;
  parentId: string | null;
  parentOptions: Option[];
  /** Titles of the pages that link here, shown before a delete is confirmed. */
  linkedFrom?: string[];
}) {
  const [open, setOpen] = useState<"rename" | "move" | "delete" | null>(null);
  const [renameState, rename, renaming] = useActionState(renamePageAction.bind(null, pageId), undefined);
  const [moveState, move, moving] = useActionState(movePageAction.bind(null, pageId), undefined);
  const [trashState, trash, trashing] = useActionState(trashPageAction.bind(null, pageId), undefined);
  const toggle = (which: typeof open) => setOpen(open === which ? null : which);
  return (
    <div className="text-sm">
      <div className="flex gap-1">
        <Button variant="ghost" onClick={() => toggle("rename")} aria-expanded={open === "rename"}>
          Rename
        </Button>
        <Button variant="ghost" onClick={() => toggle("move")} aria-expanded={open === "move"}>
          Move
        </Button>
        <Button variant="ghost" onClick={() => toggle("delete")} aria-expanded={open === "delete"}>
          Delete
        </Button>
      </div>
      {open === "rename" ? (
        <form action={rename} className="mt-2 flex items-start gap-2">
          <TitleField name="title" defaultValue={title} required aria-label="New title" autoFocus />
          <Button type="submit" disabled={renaming}>
            Save
          </Button>
          <FormMessage error={renameState?.error} />
        </form>
      ) : null}
      {open === "move" ? (
        <form action={move} className="mt-2 flex items-start gap-2">
          <Select name="parentId" defaultValue={parentId ?? ""} aria-label="New parent page">
            <option value="">(top level)</option>
            {parentOptions.map((o) => (
              <option key={o.id} value={o.id}>
                {"\u00a0\u00a0".repeat(o.depth) + o.title}
              </option>
            ))}
          </Select>
          <Button type="submit" disabled={moving}>
            Move
          </Button>
          <FormMessage error={moveState?.error} success={moveState?.success} />
        </form>
      ) : null}
      {open === "delete" ? (
        <form action={trash} className="mt-2 space-y-2 rounded-md border border-red-200 bg-red-50 p-3">
          <p>Move this page and its sub-pages to the trash? An owner can restore them.</p>
          {linkedFrom.length ? (
            <div data-testid="delete-linked-from">
              <p className="font-medium">
                {linkedFrom.length === 1 ? "1 page links here" : `${linkedFrom.length} pages link here`}; those links will show as missing:
              </p>
              <ul className="list-disc pl-5">
                {linkedFrom.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <Button type="submit" variant="danger" disabled={trashing}>
            Move to trash
          </Button>
          <FormMessage error={trashState?.error} />
        </form>
      ) : null}
    </div>
  );
}
