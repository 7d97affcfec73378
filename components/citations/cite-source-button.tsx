"use client";

import type { Editor } from "@tiptap/react";
import { useId, useMemo, useRef, useState } from "react";
import { Button, Input, Select } from "@/components/ui/form";
import type { CitableSource } from "@/lib/citations/footnotes";
import { citationStyle } from "@/lib/citations/styles";
import { KIND_FIELDS, KIND_ORDER } from "@/lib/sources/kind-fields";

type Props = { editor: Editor; wikiId: string; sources: CitableSource[]; style: string; onCreated: (source: CitableSource) => void };

/**
 * "Cite source": search the wiki's registry, give a pinpoint, insert a citation at the cursor.
 * A source not in the registry yet can be added from here with its kind and title (the rest
 * can be completed on the Sources page).
 */
export function CiteSourceButton({ editor, wikiId, sources, style, onCreated }: Props) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<string | null>(null);
  const [pinpoint, setPinpoint] = useState("");
  const [adding, setAdding] = useState(false);
  const [kind, setKind] = useState<string>("other");
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pinpointField = useRef<HTMLInputElement>(null);
  const listId = useId();

  // Each opening starts afresh.
  const toggle = () => {
    if (!open) {
      setQuery("");
      setChosen(null);
      setPinpoint("");
      setAdding(false);
      setError(null);
    }
    setOpen(!open);
  };

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = q
      ? sources.filter((s) => [s.title, s.shortTitle, ...Object.values(s.fields)].some((v) => v.toLowerCase().includes(q)))
      : sources;
    return all.slice(0, 8);
  }, [query, sources]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  /** The search field works as a combobox: ↑/↓ choose among the matches, Enter moves on to the pinpoint. */
  const onSearchKey = (event: React.KeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Enter") return;
    event.preventDefault();
    if (event.key === "Enter") {
      if (chosen) pinpointField.current?.focus();
      return;
    }
    if (matches.length === 0) return;
    const at = matches.findIndex((s) => s.id === chosen);
    const next = event.key === "ArrowDown" ? (at + 1) % matches.length : at <= 0 ? matches.length - 1 : at - 1;
    setChosen(matches[next].id);
  };

  const insert = (sourceId: string) => {
    editor
      .chain()
      .focus()
      .insertContent({ type: "citation", attrs: { sourceId, pinpoint: pinpoint.trim() } })
      .run();
    setOpen(false);
  };

  const addAndInsert = async () => {
    setError(null);
    const response = await fetch(`/api/v1/wikis/${wikiId}/sources`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind, title: query.trim() }),
    });
    const body = await response.json();
    if (!response.ok) return setError(body.error?.message ?? "Could not add the source");
    onCreated(body.source);
    insert(body.source.id);
  };

  return (
    <div className="relative inline-block">
      <Button
        ref={button}
        variant="ghost"
        onClick={toggle}
        aria-expanded={open}
        data-testid="cite-source-button"
        title="Cite a source at the cursor (footnote)"
      >
        Cite source
      </Button>
      {open ? (
        <div
          role="dialog"
          aria-label="Cite a source"
          // Narrow screens: across the window, so it never pushes the page sideways.
          className="fixed inset-x-3 top-16 z-30 space-y-3 rounded-md border border-stone-300 bg-white p-3 text-sm shadow-lg sm:absolute sm:inset-x-auto sm:left-0 sm:top-auto sm:mt-1 sm:w-[30rem]"
          data-testid="cite-source-dialog"
          onKeyDown={(event) => {
            if (event.key !== "Escape") return;
            event.stopPropagation();
            close();
          }}
        >
          <Input
            autoFocus
            placeholder="Search the sources (title, symbol, author…)"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onSearchKey}
            role="combobox"
            aria-expanded
            aria-controls={listId}
            aria-activedescendant={chosen && matches.some((s) => s.id === chosen) ? `${listId}-${chosen}` : undefined}
            aria-label="Search sources"
            data-testid="cite-source-search"
          />
          <ul id={listId} className="max-h-56 space-y-1 overflow-y-auto" role="listbox" aria-label="Sources">
            {matches.map((s) => (
              // No list semantics: a listbox's children must be its options.
              <li key={s.id} role="none">
                <button
                  id={`${listId}-${s.id}`}
                  type="button"
                  role="option"
                  aria-selected={chosen === s.id}
                  onClick={() => setChosen(s.id)}
                  className={`w-full rounded px-2 py-1 text-left hover:bg-stone-100 ${chosen === s.id ? "bg-orange-50 ring-1 ring-orange-300" : ""}`}
                >
                  <span className="font-medium">{s.shortTitle || s.title}</span>
                  <span className="ml-2 text-xs text-stone-600">{KIND_FIELDS[s.kind as keyof typeof KIND_FIELDS]?.label ?? s.kind}</span>
                  {/* Two stages of one case share a short title: the full citation (court, year, report) tells them apart. */}
                  <span className="block text-xs text-stone-600" data-testid="cite-source-full">
                    {citationStyle(style)
                      .full(s, "")
                      .map((run) => run.text)
                      .join("")}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {matches.length === 0 ? <p className="px-2 py-1 text-stone-500">No source matches.</p> : null}
          <div className="flex items-end gap-2">
            <label className="flex-1">
              <span className="mb-1 block text-xs text-stone-600">Pinpoint</span>
              <Input
                ref={pinpointField}
                placeholder="para 13, art 2(4), p 22…"
                value={pinpoint}
                onChange={(e) => setPinpoint(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key !== "Enter" || !chosen) return;
                  e.preventDefault();
                  insert(chosen);
                }}
                data-testid="cite-source-pinpoint"
              />
            </label>
            <Button disabled={!chosen} onClick={() => chosen && insert(chosen)} data-testid="cite-source-insert">
              Insert citation
            </Button>
          </div>
          {query.trim() ? (
            adding ? (
              <div className="flex items-end gap-2 border-t border-stone-200 pt-2">
                <label>
                  <span className="mb-1 block text-xs text-stone-600">Kind</span>
                  <Select value={kind} onChange={(e) => setKind(e.target.value)} aria-label="Kind of source">
                    {KIND_ORDER.map((k) => (
                      <option key={k} value={k}>
                        {KIND_FIELDS[k].label}
                      </option>
                    ))}
                  </Select>
                </label>
                <Button variant="secondary" onClick={() => void addAndInsert()} data-testid="cite-source-add">
                  Add “{query.trim().slice(0, 40)}” and cite it
                </Button>
              </div>
            ) : (
              <button type="button" className="text-xs text-orange-900 underline" onClick={() => setAdding(true)}>
                Not in the registry? Add it as a new source…
              </button>
            )
          ) : null}
          {error ? <p className="text-xs text-red-700">{error}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
