"use client";

import Link from "next/link";
import { useState } from "react";
import type { RelationKind } from "@/db/schema/strands";
import type { RelationsView, RelationView } from "@/lib/api/strand-presenters";
import { INCOMING_RELATION_LABELS, RELATION_COLORS, RELATION_LABELS, RELATION_OPTIONS } from "@/lib/strands/labels";
import { Button, FormMessage, Input, Select } from "@/components/ui/form";
import { strandsApi } from "./api";

type PageOption = { id: string; title: string };
type Direction = "outgoing" | "incoming";

function KindLabel({ kind, direction }: { kind: RelationKind; direction: Direction }) {
  return (
    <span className="font-medium" style={{ color: RELATION_COLORS[kind] }}>
      {direction === "outgoing" ? RELATION_LABELS[kind] : INCOMING_RELATION_LABELS[kind]}
    </span>
  );
}

function RelationItem({ relation, canEdit, onDelete }: { relation: RelationView; canEdit: boolean; onDelete: (r: RelationView) => void }) {
  return (
    <li className="group flex items-start gap-2" data-testid="relation">
      <div className="min-w-0 flex-1">
        <p>
          This strand <KindLabel kind={relation.kind} direction={relation.direction} />{" "}
          <Link href={relation.other.url} className="font-medium text-[var(--color-accent)] underline">
            {relation.other.title}
          </Link>
        </p>
        {relation.note ? <p className="mt-0.5 text-stone-600">{relation.note}</p> : null}
      </div>
      {canEdit ? (
        <button
          type="button"
          onClick={() => onDelete(relation)}
          className="shrink-0 rounded px-1.5 py-0.5 text-xs text-stone-500 hover:bg-red-50 hover:text-red-700"
          aria-label={`Remove relation to ${relation.other.title}`}
        >
          Remove
        </button>
      ) : null}
    </li>
  );
}

/**
 * "Relations": how this strand bears on others and how others bear on it, as sentences read from
 * this page. Editors add a relation in either direction (the same sentence, turned round) and
 * remove them.
 */
export function RelationsPanel({
  pageId,
  initial,
  pages,
  canEdit,
}: {
  pageId: string;
  initial: RelationsView;
  pages: PageOption[];
  canEdit: boolean;
}) {
  const [relations, setRelations] = useState(initial);
  const [direction, setDirection] = useState<Direction>("outgoing");
  const [kind, setKind] = useState<RelationKind>("supports");
  const [other, setOther] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const others = pages.filter((p) => p.id !== pageId);

  async function run(work: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await work();
      setRelations(await strandsApi.listRelations(pageId));
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function add(event: React.FormEvent) {
    event.preventDefault();
    if (!other) return setError("Choose the other strand");
    const ok = await run(() => strandsApi.addRelation(pageId, { toPageId: other, kind, note: note.trim() || undefined, direction }));
    if (ok) {
      setNote("");
      setOther("");
    }
  }

  const kindSelect = (
    <Select
      value={kind}
      onChange={(e) => setKind(e.target.value as RelationKind)}
      aria-label="Kind of relation"
      data-testid="relation-kind"
    >
      {RELATION_OPTIONS.map((k) => (
        <option key={k} value={k}>
          {RELATION_LABELS[k]}
        </option>
      ))}
    </Select>
  );
  const pageSelect = (
    <Select
      value={other}
      onChange={(e) => setOther(e.target.value)}
      aria-label="Other strand"
      className="min-w-0 max-w-[18rem]"
      data-testid="relation-page"
    >
      <option value="">Choose a page…</option>
      {others.map((p) => (
        <option key={p.id} value={p.id}>
          {p.title}
        </option>
      ))}
    </Select>
  );
  const empty = relations.outgoing.length === 0 && relations.incoming.length === 0;

  return (
    <section aria-labelledby="relations-heading" className="mt-10 max-w-[46rem] border-t border-stone-200 pt-4" data-testid="relations">
      <h2 id="relations-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-stone-500">
        Relations
      </h2>
      {empty ? <p className="text-sm text-stone-500">This strand is not related to any other yet.</p> : null}
      {relations.outgoing.length ? (
        <ul className="mb-3 space-y-2 text-sm" aria-label="From this strand" data-testid="relations-outgoing">
          {relations.outgoing.map((r) => (
            <RelationItem key={r.id} relation={r} canEdit={canEdit} onDelete={(x) => run(() => strandsApi.deleteRelation(x.id))} />
          ))}
        </ul>
      ) : null}
      {relations.incoming.length ? (
        <ul className="mb-3 space-y-2 text-sm" aria-label="Toward this strand" data-testid="relations-incoming">
          {relations.incoming.map((r) => (
            <RelationItem key={r.id} relation={r} canEdit={canEdit} onDelete={(x) => run(() => strandsApi.deleteRelation(x.id))} />
          ))}
        </ul>
      ) : null}
      {canEdit && others.length ? (
        <form
          onSubmit={add}
          className="mt-3 space-y-2 rounded-lg border border-stone-200 bg-stone-50 p-3 text-sm"
          aria-label="Add a relation"
          data-testid="relation-form"
        >
          <div className="flex flex-wrap items-center gap-2">
            <Select
              value={direction}
              onChange={(e) => setDirection(e.target.value as Direction)}
              aria-label="Direction"
              data-testid="relation-direction"
            >
              <option value="outgoing">This strand…</option>
              <option value="incoming">The strand…</option>
            </Select>
            {direction === "outgoing" ? (
              <>
                {kindSelect}
                {pageSelect}
              </>
            ) : (
              <>
                {pageSelect}
                {kindSelect}
                <span className="text-stone-600">this strand</span>
              </>
            )}
          </div>
          <div className="flex gap-2">
            <Input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={1000}
              placeholder="Note (optional): why, or in what respect"
              aria-label="Note"
              data-testid="relation-note"
            />
            <Button type="submit" disabled={busy} className="shrink-0">
              Add relation
            </Button>
          </div>
          <FormMessage error={error} />
        </form>
      ) : (
        <FormMessage error={error} />
      )}
    </section>
  );
}
