"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, Field, FormMessage } from "@/components/ui/form";
import { TitleField } from "@/components/ui/title-field";

/**
 * "Import a file": posts the chosen .docx or .md to the import API (which checks the role, the
 * size and the file) and opens the new page. The API's error message is shown as it is: it says
 * what was wrong with the file.
 */
export function ImportForm({ wikiId, parentId, maxMegabytes }: { wikiId: string; parentId?: string; maxMegabytes: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || !file.name) return setError("Choose a .docx or .md file to import");
    if (!String(form.get("title") ?? "").trim()) form.delete("title");
    if (parentId) form.set("parentId", parentId);
    setPending(true);
    setError(null);
    try {
      const response = await fetch(`/api/v1/wikis/${encodeURIComponent(wikiId)}/import`, { method: "POST", body: form });
      const body = (await response.json().catch(() => null)) as { url?: string; error?: { message?: string } } | null;
      if (!response.ok || !body?.url) {
        setError(body?.error?.message ?? `The import failed (${response.status})`);
        return;
      }
      router.push(new URL(body.url).pathname);
      // The sidebar's tree is in the wiki's layout, which a client navigation keeps: fetch it anew.
      router.refresh();
    } catch {
      setError("The server could not be reached");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Import a file">
      <FormMessage error={error} />
      <Field
        label="File"
        hint={`A Word document (.docx) or Markdown (.md), at most ${maxMegabytes} MB. Footnotes become citations to new sources of kind “other”.`}
      >
        <input
          type="file"
          name="file"
          required
          accept=".docx,.md,.markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown"
          className="block w-full text-sm text-stone-700 file:mr-3 file:rounded-md file:border-0 file:bg-stone-100 file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-stone-200"
        />
      </Field>
      <TitleField
        label="Title of the imported page"
        hint="Leave empty to use a Markdown file's leading # heading, else the file's name"
        name="title"
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Importing…" : "Import"}
      </Button>
    </form>
  );
}
