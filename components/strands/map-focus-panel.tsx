"use client";

import Link from "next/link";
import type { ArgumentMapView } from "@/lib/api/strand-presenters";
import { INCOMING_RELATION_LABELS, RELATION_COLORS, RELATION_LABELS } from "@/lib/strands/labels";

type MapNode = ArgumentMapView["nodes"][number];
type MapEdge = ArgumentMapView["edges"][number];

/**
 * The strand in focus, its relations as sentences and a link to its page. Shown for a strand
 * chosen with the search box (a hover is too fleeting for a panel).
 */
export function FocusPanel({
  strand,
  map,
  visibleEdges,
  onClose,
}: {
  strand: MapNode;
  map: ArgumentMapView;
  visibleEdges: MapEdge[];
  onClose: () => void;
}) {
  const titles = new Map(map.nodes.map((n) => [n.id, n]));
  const lines = visibleEdges
    .filter((e) => e.from === strand.id || e.to === strand.id)
    .map((e) => ({
      edge: e,
      other: titles.get(e.from === strand.id ? e.to : e.from)!,
      verb: e.from === strand.id ? RELATION_LABELS[e.kind] : INCOMING_RELATION_LABELS[e.kind],
    }));
  return (
    <div className="w-80 rounded-lg border border-stone-300 bg-white/95 p-3 text-sm shadow-lg" data-testid="map-focus-panel">
      <div className="flex items-start justify-between gap-2">
        <Link href={strand.url} className="font-serif font-semibold text-orange-900 underline-offset-2 hover:underline">
          {strand.title}
        </Link>
        <button
          type="button"
          onClick={onClose}
          className="shrink-0 rounded px-1 text-stone-500 hover:bg-stone-100"
          aria-label="Clear the focus"
        >
          ✕
        </button>
      </div>
      {strand.claim ? <p className="mt-1 text-stone-700">{strand.claim}</p> : null}
      <ul className="mt-2 max-h-48 space-y-1 overflow-y-auto text-[13px]">
        {lines.length === 0 ? <li className="text-stone-500">No relations shown.</li> : null}
        {lines.map(({ edge, other, verb }) => (
          <li key={edge.id}>
            <span style={{ color: RELATION_COLORS[edge.kind] }}>This strand {verb}</span>{" "}
            <Link href={other.url} className="text-stone-800 underline-offset-2 hover:underline">
              {other.title}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
