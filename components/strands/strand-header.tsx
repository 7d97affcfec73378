"use client";

import { useState } from "react";
import type { Stance, StrandStatus } from "@/db/schema/strands";
import type { StrandView } from "@/lib/api/strand-presenters";
import { STANCE_LABELS, STANCE_OPTIONS, STATUS_LABELS, STATUS_OPTIONS } from "@/lib/strands/labels";
import { Button, FormMessage, Select } from "@/components/ui/form";
import { strandsApi } from "./api";
import { StanceBadge, StatusBadge } from "./strand-badges";

const MAX_CLAIM = 300;

/**
 * The band under a page's title: the strand's claim in prominent type with its stance and status
 * as badges. Editors switch it into a small form in place; everyone else reads it.
 */
export function StrandHeader({ initial, canEdit, hasThesis }: { initial: StrandView; canEdit: boolean; hasThesis: boolean }) {
  const [strand, setStrand] = useState(initial);
  const [editing, setEditing] = useState(false);
  const [claim, setClaim] = useState(initial.claim);
  const [stance, setStance] = useState<Stance | "">(initial.stance ?? "");
  const [status, setStatus] = useState<StrandStatus>(initial.status);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function startEditing() {
    setClaim(strand.claim);
    setStance(strand.stance ?? "");
    setStatus(strand.status);
    setError(null);
    setEditing(true);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      setStrand(await strandsApi.updateStrand(strand.pageId, { claim, stance: stance || null, status }));
      setEditing(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  if (editing) {
    return (
      <form
        onSubmit={save}
        className="mt-3 max-w-[46rem] space-y-3 rounded-lg border border-stone-200 bg-stone-50 p-4"
        data-testid="strand-form"
        aria-label="Strand"
      >
        <label className="block space-y-1">
          <span className="text-sm font-medium text-stone-700">Claim</span>
          <textarea
            value={claim}
            onChange={(e) => setClaim(e.target.value.replace(/\n/g, " "))}
            maxLength={MAX_CLAIM}
            rows={2}
            autoFocus
            placeholder="The one sentence this strand argues"
            className="w-full resize-none rounded-md border border-stone-300 bg-white px-3 py-2 font-serif text-lg shadow-sm focus:border-orange-800 focus:outline-none focus:ring-2 focus:ring-orange-800/20"
            data-testid="claim-input"
          />
          <span className="block text-right text-xs text-stone-500">
            {claim.length}/{MAX_CLAIM}
          </span>
        </label>
        <div className="flex flex-wrap items-end gap-4">
          <label className="space-y-1">
            <span className="block text-sm font-medium text-stone-700">Stance {hasThesis ? "toward the thesis" : ""}</span>
            <Select value={stance} onChange={(e) => setStance(e.target.value as Stance | "")} data-testid="stance-select">
              <option value="">Not set</option>
              {STANCE_OPTIONS.map((s) => (
                <option key={s} value={s}>
                  {STANCE_LABELS[s]}
                </option>
              ))}
            </Select>
          </label>
          <label className="space-y-1">
            <span className="block text-sm font-medium text-stone-700">Status</span>
            <Select value={status} onChange={(e) => setStatus(e.target.value as StrandStatus)} data-testid="status-select">
              {STATUS_OPTIONS.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </Select>
          </label>
          <div className="ml-auto flex gap-2">
            <Button type="button" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </Button>
          </div>
        </div>
        <FormMessage error={error} />
      </form>
    );
  }

  return (
    <div className="mt-3 flex max-w-[46rem] items-start gap-3 border-l-4 border-stone-300 py-1 pl-4" data-testid="strand-header">
      <div className="min-w-0 flex-1 space-y-2">
        {strand.claim ? (
          <p className="font-serif text-xl leading-snug text-stone-800" data-testid="strand-claim">
            {strand.claim}
          </p>
        ) : (
          <p className="text-sm italic text-stone-500" data-testid="strand-claim">
            {canEdit ? "No claim yet: state in one sentence what this strand argues." : "No claim stated yet."}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <StanceBadge stance={strand.stance} />
          <StatusBadge status={strand.status} />
        </div>
      </div>
      {canEdit ? (
        <Button type="button" variant="ghost" onClick={startEditing} className="shrink-0 !px-2 !py-1" data-testid="edit-strand">
          Edit strand
        </Button>
      ) : null}
    </div>
  );
}
