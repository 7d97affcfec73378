"use client";

import "@xyflow/react/dist/style.css";
import { BaseEdge, Background, Controls, EdgeLabelRenderer, Handle, MarkerType, MiniMap, Position, ReactFlow, type Edge, type EdgeProps, type Node, type NodeProps } from "@xyflow/react";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { RelationKind, Stance, StrandStatus } from "@/db/schema/strands";
import type { ArgumentMapView } from "@/lib/api/strand-presenters";
import { RELATION_COLORS, RELATION_LABELS, RELATION_OPTIONS, STANCE_COLORS, STANCE_LABELS, STANCE_OPTIONS, STATUS_LABELS, STATUS_OPTIONS } from "@/lib/strands/labels";
import { layoutArgumentMap, NODE_HEIGHT, NODE_WIDTH, type LayoutResult, type Point } from "@/lib/strands/map-layout";

type MapNode = ArgumentMapView["nodes"][number];
type StrandNodeData = MapNode & { faded: boolean };
type RelationEdgeData = { kind: RelationKind; note: string; route: Point[]; label: Point | null; faded: boolean };

type StanceKey = Stance | "unset";
const STANCE_KEYS: StanceKey[] = [...STANCE_OPTIONS, "unset"];

/** Status is drawn as the node's outline, so it reads even where colour is taken by stance. */
const STATUS_OUTLINE: Record<StrandStatus, string> = {
  draft: "2px dashed",
  in_review: "2px solid",
  settled: "4px double",
};

function StrandNode({ data }: NodeProps<Node<StrandNodeData>>) {
  const colors = STANCE_COLORS[data.stance ?? "unset"];
  return (
    <>
      <Handle type="target" position={Position.Left} className="!opacity-0" isConnectable={false} />
      <Link
        href={data.url}
        className="flex h-full flex-col gap-1 overflow-hidden rounded-lg px-3 py-1.5 text-left shadow-sm transition-opacity hover:shadow-md focus:outline-none focus-visible:ring-2 focus-visible:ring-orange-800"
        style={{ width: NODE_WIDTH, height: NODE_HEIGHT, background: colors.fill, border: `${STATUS_OUTLINE[data.status]} ${colors.border}`, color: colors.text, opacity: data.faded ? 0.35 : 1 }}
        data-testid="map-node"
        data-stance={data.stance ?? "unset"}
        data-status={data.status}
        title={`${STATUS_LABELS[data.status]} · ${data.stance ? STANCE_LABELS[data.stance] : "No stance"}`}
      >
        <span className="line-clamp-2 font-serif text-[15px] font-semibold leading-tight">{data.title}</span>
        <span className="line-clamp-2 text-[13px] leading-snug opacity-90">{data.claim || <em className="opacity-70">No claim yet</em>}</span>
      </Link>
      <Handle type="source" position={Position.Right} className="!opacity-0" isConnectable={false} />
    </>
  );
}

/** Draws the route ELK computed (not xyflow's own curve), so edges keep clear of the nodes. */
function RelationEdge({ id, data, markerEnd }: EdgeProps<Edge<RelationEdgeData>>) {
  if (!data || data.route.length < 2) return null;
  const path = data.route.map((p, i) => `${i ? "L" : "M"} ${p.x} ${p.y}`).join(" ");
  const color = RELATION_COLORS[data.kind];
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke: color, strokeWidth: data.faded ? 1 : 1.6, opacity: data.faded ? 0.12 : 0.9 }} />
      {data.label ? (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan pointer-events-none absolute whitespace-nowrap rounded bg-white/90 px-1 text-[11px] leading-4"
            style={{ transform: `translate(${data.label.x}px, ${data.label.y}px)`, color, opacity: data.faded ? 0.15 : 1 }}
            title={data.note || undefined}
            data-testid="map-edge-label"
          >
            {RELATION_LABELS[data.kind]}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

const NODE_TYPES = { strand: StrandNode };
const EDGE_TYPES = { relation: RelationEdge };

function toggle<T>(set: Set<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

function FilterChip({ checked, onChange, children, testId }: { checked: boolean; onChange: () => void; children: React.ReactNode; testId?: string }) {
  return (
    <label className={`inline-flex cursor-pointer items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs ${checked ? "border-stone-400 bg-white text-stone-800" : "border-stone-200 bg-stone-100 text-stone-400 line-through"}`}>
      <input type="checkbox" checked={checked} onChange={onChange} className="sr-only" data-testid={testId} />
      {children}
    </label>
  );
}

/**
 * The argument map: strands as nodes (fill = stance, outline = status), relations as labelled
 * arrows. Hovering a strand brings its own relations forward; filters hide strands by status and
 * stance and lay the rest out again. Clicking a strand opens its page.
 */
export function ArgumentMap({ map }: { map: ArgumentMapView }) {
  const [statuses, setStatuses] = useState<Set<StrandStatus>>(() => new Set(STATUS_OPTIONS));
  const [stances, setStances] = useState<Set<StanceKey>>(() => new Set(STANCE_KEYS));
  const [hovered, setHovered] = useState<string | null>(null);
  const [layout, setLayout] = useState<{ key: string; result: LayoutResult } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const visibleNodes = useMemo(() => map.nodes.filter((n) => statuses.has(n.status) && stances.has(n.stance ?? "unset")), [map.nodes, statuses, stances]);
  const visibleEdges = useMemo(() => {
    const shown = new Set(visibleNodes.map((n) => n.id));
    return map.edges.filter((e) => shown.has(e.from) && shown.has(e.to));
  }, [map.edges, visibleNodes]);
  const layoutKey = visibleNodes.map((n) => n.id).join(",") + "|" + visibleEdges.map((e) => e.id).join(",");

  useEffect(() => {
    let cancelled = false;
    // ELK is large; it is loaded only when a map is opened.
    import("elkjs/lib/elk.bundled.js")
      .then(({ default: ELK }) => layoutArgumentMap(new ELK(), { nodes: visibleNodes, edges: visibleEdges }))
      .then((result) => {
        if (!cancelled) setLayout({ key: layoutKey, result });
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailed(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
    };
    // The key names exactly what the layout depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layoutKey]);

  const ready = layout?.key === layoutKey ? layout.result : null;
  const incident = useMemo(() => {
    if (!hovered) return null;
    const ids = new Set([hovered]);
    for (const e of visibleEdges) if (e.from === hovered || e.to === hovered) ids.add(e.from).add(e.to);
    return ids;
  }, [hovered, visibleEdges]);

  const nodes: Node<StrandNodeData>[] = useMemo(
    () =>
      ready
        ? visibleNodes.map((n) => ({
            id: n.id,
            type: "strand",
            position: ready.positions.get(n.id) ?? { x: 0, y: 0 },
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
            data: { ...n, faded: !!incident && !incident.has(n.id) },
          }))
        : [],
    [ready, visibleNodes, incident],
  );
  const edges: Edge<RelationEdgeData>[] = useMemo(
    () =>
      ready
        ? visibleEdges.map((e) => ({
            id: e.id,
            source: e.from,
            target: e.to,
            type: "relation",
            markerEnd: { type: MarkerType.ArrowClosed, color: RELATION_COLORS[e.kind], width: 16, height: 16 },
            data: { kind: e.kind, note: e.note, route: ready.routes.get(e.id) ?? [], label: ready.labels.get(e.id) ?? null, faded: !!hovered && e.from !== hovered && e.to !== hovered },
          }))
        : [],
    [ready, visibleEdges, hovered],
  );

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-xs text-stone-600" data-testid="map-filters">
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-semibold uppercase tracking-wide text-stone-500">Status</span>
          {STATUS_OPTIONS.map((s) => (
            <FilterChip key={s} checked={statuses.has(s)} onChange={() => setStatuses((v) => toggle(v, s))} testId={`filter-status-${s}`}>
              <span aria-hidden className="inline-block h-3 w-4 rounded-sm bg-white" style={{ border: `${STATUS_OUTLINE[s]} #57534e` }} />
              {STATUS_LABELS[s]}
            </FilterChip>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-semibold uppercase tracking-wide text-stone-500">Stance</span>
          {STANCE_KEYS.map((s) => (
            <FilterChip key={s} checked={stances.has(s)} onChange={() => setStances((v) => toggle(v, s))} testId={`filter-stance-${s}`}>
              <span aria-hidden className="inline-block size-3 rounded-sm border" style={{ background: STANCE_COLORS[s].fill, borderColor: STANCE_COLORS[s].border }} />
              {s === "unset" ? "No stance" : STANCE_LABELS[s]}
            </FilterChip>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-3" aria-label="Relations legend">
          <span className="font-semibold uppercase tracking-wide text-stone-500">Relations</span>
          {RELATION_OPTIONS.map((k) => (
            <span key={k} className="inline-flex items-center gap-1">
              <svg width="26" height="10" aria-hidden>
                <line x1="0" y1="5" x2="19" y2="5" stroke={RELATION_COLORS[k]} strokeWidth="2" />
                <path d="M18 1 L26 5 L18 9 Z" fill={RELATION_COLORS[k]} />
              </svg>
              {RELATION_LABELS[k]}
            </span>
          ))}
        </div>
      </div>
      <p className="text-xs text-stone-500" data-testid="map-counts">
        {visibleNodes.length} of {map.nodes.length} strands · {visibleEdges.length} relations shown. Hover a strand to bring its relations forward, scroll to zoom, click it to open the page.
      </p>
      <div className="relative h-[calc(100vh-17rem)] min-h-[30rem] overflow-hidden rounded-lg border border-stone-200 bg-stone-50" data-testid="argument-map">
        {failed ? (
          <p role="alert" className="p-4 text-sm text-red-700">
            The map could not be laid out: {failed}
          </p>
        ) : !ready ? (
          <p className="p-4 text-sm text-stone-500">Laying out {visibleNodes.length} strands…</p>
        ) : visibleNodes.length === 0 ? (
          <p className="p-4 text-sm text-stone-500">No strand matches these filters.</p>
        ) : (
          <ReactFlow
            key={layoutKey}
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            onNodeMouseEnter={(_, node) => setHovered(node.id)}
            onNodeMouseLeave={() => setHovered(null)}
            fitView
            fitViewOptions={{ padding: 0.04 }}
            minZoom={0.1}
            maxZoom={2}
          >
            <Background gap={24} color="#e7e5e4" />
            <Controls showInteractive={false} />
            {/* Only worth its space once the map no longer fits legibly. */}
            {visibleNodes.length > 15 ? <MiniMap pannable zoomable nodeColor={(n) => STANCE_COLORS[(n.data as StrandNodeData).stance ?? "unset"].border} nodeStrokeWidth={0} /> : null}
          </ReactFlow>
        )}
      </div>
    </div>
  );
}
