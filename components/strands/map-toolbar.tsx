"use client";

import { useId, useState } from "react";
import type { RelationKind, StrandStatus } from "@/db/schema/strands";
import {
  RELATION_LABELS,
  RELATION_OPTIONS,
  STANCE_COLORS,
  STANCE_LABELS,
  STANCE_OPTIONS,
  STATUS_LABELS,
  STATUS_OPTIONS,
} from "@/lib/strands/labels";
import { RelationSwatch } from "./map-edge";
import { STATUS_OUTLINE } from "./map-node";

export type StanceKey = (typeof STANCE_OPTIONS)[number] | "unset";
export const STANCE_KEYS: StanceKey[] = [...STANCE_OPTIONS, "unset"];

export type MapFilters = { statuses: Set<StrandStatus>; stances: Set<StanceKey>; kinds: Set<RelationKind> };

export function toggle<T>(set: Set<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

/** A filter that is also the legend entry for what it filters. */
function FilterChip({
  checked,
  onChange,
  children,
  testId,
}: {
  checked: boolean;
  onChange: () => void;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <label
      className={`inline-flex cursor-pointer items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs ${checked ? "border-stone-400 bg-white text-stone-800" : "border-stone-200 bg-stone-100 text-stone-400 line-through"}`}
    >
      <input type="checkbox" checked={checked} onChange={onChange} className="sr-only" data-testid={testId} />
      {children}
    </label>
  );
}

function Group({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label={label}>
      <span className="font-semibold uppercase tracking-wide text-stone-500">{label}</span>
      {children}
    </div>
  );
}

/** Status, stance and relation filters, each chip drawn the way the map draws what it stands for. */
export function MapFilterBar({
  filters,
  onChange,
  children,
}: {
  filters: MapFilters;
  onChange: (next: MapFilters) => void;
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-xs text-stone-600" data-testid="map-filters">
      <Group label="Status">
        {STATUS_OPTIONS.map((s) => (
          <FilterChip
            key={s}
            checked={filters.statuses.has(s)}
            onChange={() => onChange({ ...filters, statuses: toggle(filters.statuses, s) })}
            testId={`filter-status-${s}`}
          >
            <span aria-hidden className="inline-block h-3 w-4 rounded-sm bg-white" style={{ border: `${STATUS_OUTLINE[s]} #57534e` }} />
            {STATUS_LABELS[s]}
          </FilterChip>
        ))}
      </Group>
      <Group label="Stance">
        {STANCE_KEYS.map((s) => (
          <FilterChip
            key={s}
            checked={filters.stances.has(s)}
            onChange={() => onChange({ ...filters, stances: toggle(filters.stances, s) })}
            testId={`filter-stance-${s}`}
          >
            <span
              aria-hidden
              className="inline-block size-3 rounded-sm border"
              style={{ background: STANCE_COLORS[s].fill, borderColor: STANCE_COLORS[s].border }}
            />
            {s === "unset" ? "No stance" : STANCE_LABELS[s]}
          </FilterChip>
        ))}
      </Group>
      <Group label="Relations">
        {RELATION_OPTIONS.map((k) => (
          <FilterChip
            key={k}
            checked={filters.kinds.has(k)}
            onChange={() => onChange({ ...filters, kinds: toggle(filters.kinds, k) })}
            testId={`filter-relation-${k}`}
          >
            <RelationSwatch kind={k} />
            {RELATION_LABELS[k]}
          </FilterChip>
        ))}
      </Group>
      {children}
    </div>
  );
}

/**
 * Finds a strand by title: matches list as you type; choosing one (click, or Enter for the first)
 * puts it in focus and brings it into view.
 */
export function StrandSearch({ strands, onPick }: { strands: { id: string; title: string }[]; onPick: (id: string) => void }) {
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const listId = useId();
  const needle = query.trim().toLowerCase();
  const matches = needle ? strands.filter((s) => s.title.toLowerCase().includes(needle)).slice(0, 8) : [];
  const pick = (s: { id: string; title: string }) => {
    setQuery(s.title);
    setOpen(false);
    onPick(s.id);
  };
  return (
    <div className="relative">
      <input
        type="search"
        value={query}
        placeholder="Find a strand by title…"
        aria-label="Find a strand by title"
        // Only while the list is there: an id that points at nothing is an invalid reference.
        aria-controls={open && needle ? listId : undefined}
        className="w-64 rounded-md border border-stone-300 bg-white px-2.5 py-1 text-sm focus:border-orange-800 focus:outline-none"
        data-testid="map-search"
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && matches[0]) pick(matches[0]);
          if (e.key === "Escape") setOpen(false);
        }}
      />
      {open && needle ? (
        <ul
          id={listId}
          className="absolute left-0 top-full z-20 mt-1 w-80 overflow-hidden rounded-md border border-stone-200 bg-white py-1 text-sm shadow-lg"
          data-testid="map-search-results"
        >
          {matches.length === 0 ? <li className="px-3 py-1.5 text-stone-500">No strand with that in its title</li> : null}
          {matches.map((s) => (
            <li key={s.id}>
              <button type="button" className="block w-full truncate px-3 py-1.5 text-left hover:bg-stone-100" onClick={() => pick(s)}>
                {s.title}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
