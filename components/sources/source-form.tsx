"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Field, Input, Select } from "@/components/ui/form";
import { KIND_FIELDS, KIND_ORDER } from "@/lib/sources/kind-fields";

export type SourceFormValue = {
  id?: string;
  kind: string;
  title: string;
  shortTitle: string;
  fields: Record<string, string>;
  url: string;
  notes: string;
};
type Duplicate = { id: string; title: string; citation: string };

const EMPTY: SourceFormValue = { kind: "un_document", title: "", shortTitle: "", fields: {}, url: "", notes: "" };

/**
 * Adds a source to the registry or edits one. The inputs follow the kind chosen; a likely
 * duplicate is shown after saving, with a button to merge the new entry into it.
 */
export function SourceForm({ wikiId, wikiSlug, initial }: { wikiId: string; wikiSlug: string; initial?: SourceFormValue }) {
  const router = useRouter();
  const [value, setValue] = useState<SourceFormValue>(initial ?? EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ id: string; duplicates: Duplicate[] } | null>(null);
  const spec = KIND_FIELDS[value.kind as keyof typeof KIND_FIELDS] ?? KIND_FIELDS.other;
  const set = (patch: Partial<SourceFormValue>) => setValue((v) => ({ ...v, ...patch }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    // Only the current kind's fields go out: the server refuses fields another kind has.
    const fields = Object.fromEntries(spec.fields.map((f) => [f.key, value.fields[f.key] ?? ""]).filter(([, v]) => v.trim() !== ""));
    const body = JSON.stringify({
      kind: value.kind,
      title: value.title,
      shortTitle: value.shortTitle,
      fields,
      url: value.url,
      notes: value.notes,
    });
    const response = initial?.id
      ? await fetch(`/api/v1/sources/${initial.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body })
      : await fetch(`/api/v1/wikis/${wikiId}/sources`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const reply = await response.json();
    if (!response.ok) return setError(reply.error?.message ?? "Could not save the source");
    if (reply.duplicates.length > 0) return setSaved({ id: reply.source.id, duplicates: reply.duplicates });
    router.push(`/w/${encodeURIComponent(wikiSlug)}/sources/${reply.source.id}`);
    router.refresh();
  };

  const merge = async (into: string) => {
    if (!saved) return;
    const response = await fetch(`/api/v1/sources/${saved.id}/merge`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ into }),
    });
    const reply = await response.json();
    if (!response.ok) return setError(reply.error?.message ?? "Could not merge");
    router.push(`/w/${encodeURIComponent(wikiSlug)}/sources/${into}`);
    router.refresh();
  };

  if (saved) {
    return (
      <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="duplicate-warning">
        <p>Saved. It looks like a source the registry already has:</p>
        <ul className="space-y-2">
          {saved.duplicates.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-2">
              <Link href={`/w/${encodeURIComponent(wikiSlug)}/sources/${d.id}`} className="underline">
                {d.citation || d.title}
              </Link>
              <Button variant="secondary" onClick={() => void merge(d.id)}>
                Merge into this one
              </Button>
            </li>
          ))}
        </ul>
        <Link href={`/w/${encodeURIComponent(wikiSlug)}/sources/${saved.id}`} className="text-stone-600 underline">
          Keep both
        </Link>
        {error ? <p className="text-red-700">{error}</p> : null}
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-3 text-sm" data-testid="source-form">
      <Field label="Kind">
        <Select value={value.kind} onChange={(e) => set({ kind: e.target.value })} name="kind">
          {KIND_ORDER.map((k) => (
            <option key={k} value={k}>
              {KIND_FIELDS[k].label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={spec.titleLabel}>
        <Input required value={value.title} onChange={(e) => set({ title: e.target.value })} name="title" />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        {spec.fields.map((f) => (
          <Field key={f.key} label={f.label}>
            <Input
              value={value.fields[f.key] ?? ""}
              placeholder={f.example}
              onChange={(e) => set({ fields: { ...value.fields, [f.key]: e.target.value } })}
              name={f.key}
            />
          </Field>
        ))}
        <Field label="Short title" hint="Used in later footnotes">
          <Input value={value.shortTitle} onChange={(e) => set({ shortTitle: e.target.value })} name="shortTitle" />
        </Field>
        <Field label="URL">
          <Input type="url" value={value.url} placeholder="https://" onChange={(e) => set({ url: e.target.value })} name="url" />
        </Field>
      </div>
      <Field label="Notes">
        <textarea
          className="w-full rounded-md border border-stone-300 px-3 py-2"
          rows={3}
          value={value.notes}
          onChange={(e) => set({ notes: e.target.value })}
          name="notes"
        />
      </Field>
      {error ? (
        <p className="text-red-700" role="alert">
          {error}
        </p>
      ) : null}
      <Button type="submit">{initial?.id ? "Save changes" : "Add source"}</Button>
    </form>
  );
}

/** Merges the shown source into another one of the registry. */
export function MergeSourceForm({
  sourceId,
  wikiSlug,
  others,
}: {
  sourceId: string;
  wikiSlug: string;
  others: { id: string; title: string }[];
}) {
  const router = useRouter();
  const [into, setInto] = useState("");
  const [error, setError] = useState<string | null>(null);
  const merge = async () => {
    const response = await fetch(`/api/v1/sources/${sourceId}/merge`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ into }),
    });
    const reply = await response.json();
    if (!response.ok) return setError(reply.error?.message ?? "Could not merge");
    router.push(`/w/${encodeURIComponent(wikiSlug)}/sources/${into}`);
    router.refresh();
  };
  if (others.length === 0) return null;
  return (
    <div className="flex flex-wrap items-end gap-2 text-sm">
      <Select value={into} onChange={(e) => setInto(e.target.value)} aria-label="Merge into">
        <option value="">Merge this duplicate into…</option>
        {others.map((o) => (
          <option key={o.id} value={o.id}>
            {o.title}
          </option>
        ))}
      </Select>
      <Button variant="secondary" disabled={!into} onClick={() => void merge()}>
        Merge
      </Button>
      {error ? <p className="text-red-700">{error}</p> : null}
    </div>
  );
}
