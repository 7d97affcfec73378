"use client";

import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps } from "@xyflow/react";
import type { RelationKind } from "@/db/schema/strands";
import { RELATION_COLORS, RELATION_LABELS } from "@/lib/strands/labels";
import type { Point } from "@/lib/strands/map-layout";

export type RelationEdgeData = {
  kind: RelationKind;
  start: Point;
  end: Point;
  emphasis: "focused" | "dimmed" | "normal";
  /** Where the label goes (its centre); null: no label. */
  label: Point | null;
};

/**
 * Each relation kind has a line pattern as well as a colour, so the kind reads without its label
 * (labels only show around the strand in focus, where they cannot pile up) and without colour.
 */
export const RELATION_DASH: Record<RelationKind, string | undefined> = {
  supports: undefined,
  rebuts: "8 4",
  qualifies: "2 4",
  relies_on: "12 4 2 4",
};

/** A sample of a relation's line and arrowhead, for the legend. */
export function RelationSwatch({ kind }: { kind: RelationKind }) {
  return (
    <svg width="34" height="10" aria-hidden className="shrink-0">
      <line x1="0" y1="5" x2="26" y2="5" stroke={RELATION_COLORS[kind]} strokeWidth="2" strokeDasharray={RELATION_DASH[kind]} />
      <path d="M25 1 L33 5 L25 9 Z" fill={RELATION_COLORS[kind]} />
    </svg>
  );
}

/** A relation as a straight arrow from border to border (see relationLine), with its kind as label when shown. */
export function RelationEdge({ id, data, markerEnd }: EdgeProps<Edge<RelationEdgeData>>) {
  if (!data) return null;
  const color = RELATION_COLORS[data.kind];
  const focused = data.emphasis === "focused";
  return (
    <>
      <BaseEdge
        id={id}
        path={`M ${data.start.x} ${data.start.y} L ${data.end.x} ${data.end.y}`}
        markerEnd={markerEnd}
        interactionWidth={0}
        style={{
          stroke: color,
          strokeWidth: focused ? 2.4 : 1.25,
          strokeDasharray: RELATION_DASH[data.kind],
          opacity: data.emphasis === "dimmed" ? 0.07 : focused ? 1 : 0.4,
        }}
      />
      {data.label ? (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan pointer-events-none absolute whitespace-nowrap rounded border bg-white px-1.5 text-[12px] font-medium leading-5 shadow-sm"
            style={{ transform: `translate(-50%, -50%) translate(${data.label.x}px, ${data.label.y}px)`, color, borderColor: `${color}66` }}
            data-testid="map-edge-label"
          >
            {RELATION_LABELS[data.kind]}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}
