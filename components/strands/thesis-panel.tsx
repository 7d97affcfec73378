"use client";

import { useState } from "react";
import { Button, FormMessage } from "@/components/ui/form";
import { strandsApi } from "./api";

/** The wiki's thesis, against which every strand's stance is read; owners edit it in place. */
export function ThesisPanel({ wikiId, initial, canEdit }: { wikiId: string; initial: string; canEdit: boolean }) {
  const [thesis, setThesis] = useState(initial);
  const [draft, setDraft] = useState(initial);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setThesis((await strandsApi.updateThesis(wikiId, draft)).thesis);
      setEditing(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  if (editing) {
    return (
      <form onSubmit={save} className="w-full max-w-2xl space-y-2" aria-label="Thesis" data-testid="thesis-form">
        <textarea
          value={draft}
          onChange={(e) => setDraft(e.target.value.replace(/\n/g, " "))}
          maxLength={1000}
          rows={2}
          autoFocus
          placeholder="The proposition this wiki argues"
          className="w-full resize-none rounded-md border border-stone-300 bg-white px-3 py-2 font-serif text-base shadow-sm focus:border-orange-800 focus:outline-none focus:ring-2 focus:ring-orange-800/20"
          data-testid="thesis-input"
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => setEditing(false)}>
            Cancel
          </Button>
          <Button type="submit">Save thesis</Button>
        </div>
        <FormMessage error={error} />
      </form>
    );
  }

  return (
    <div className="max-w-2xl flex-1 rounded-lg border border-stone-200 bg-white px-4 py-2" data-testid="thesis">
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-semibold uppercase tracking-wide text-stone-500">Thesis</span>
        {canEdit ? (
          <button
            type="button"
            onClick={() => {
              setDraft(thesis);
              setEditing(true);
            }}
            className="rounded px-1.5 py-0.5 text-xs text-stone-600 hover:bg-stone-100"
            data-testid="edit-thesis"
          >
            {thesis ? "Edit" : "Set the thesis"}
          </button>
        ) : null}
      </div>
      <p className="font-serif text-base text-stone-800" data-testid="thesis-text">
        {thesis || <span className="text-sm italic text-stone-500">No thesis stated yet{canEdit ? "" : ": an owner can set one"}.</span>}
      </p>
    </div>
  );
}
