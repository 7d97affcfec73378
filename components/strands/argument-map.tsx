"use client";

import "@xyflow/react/dist/style.css";
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  Panel,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeHandle,
  type ReactFlowInstance,
  type Viewport,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { RelationKind, StrandStatus } from "@/db/schema/strands";
import type { ArgumentMapView } from "@/lib/api/strand-presenters";
import { RELATION_COLORS, RELATION_LABELS, RELATION_OPTIONS, STANCE_COLORS, STATUS_OPTIONS } from "@/lib/strands/labels";
import {
  boundsOf,
  freeLabelSpot,
  initialViewport,
  parallelPlacement,
  relationLine,
  weightedCentre,
  type Box,
} from "@/lib/strands/map-geometry";
import type { FirstDrawing } from "@/lib/strands/first-drawing";
import { NODE_HEIGHT, NODE_WIDTH, type LayoutResult } from "@/lib/strands/map-layout";
import { RelationEdge, type RelationEdgeData } from "./map-edge";
import { FocusPanel } from "./map-focus-panel";
import { NODE_TITLE_PX, StrandNode, type StrandNodeData } from "./map-node";
import { MapFilterBar, STANCE_KEYS, StrandSearch, type MapFilters } from "./map-toolbar";
import { useMapLayout } from "./use-map-layout";

type MapEdge = ArgumentMapView["edges"][number];

const NODE_TYPES = { strand: StrandNode };
const EDGE_TYPES = { relation: RelationEdge };

/** The smallest zoom the map opens at: node titles (NODE_TITLE_PX) then read at about 12px. */
const READABLE_ZOOM = 12 / NODE_TITLE_PX;
const VIEW_OPTIONS = { readableZoom: READABLE_ZOOM, maxZoom: 1.25, padding: 20, top: 40 };
/** Up to this many relations on screen, every label shows; beyond it, only those around the strand in focus. */
const ALL_LABELS_UP_TO = 24;
/** Room (px) around a found strand's neighbourhood: clear of the buttons above and the focus panel on the right. */
const FOCUS_ROOM = { top: 64, right: 352, bottom: 32, left: 32 };
/** A relation label's size in map units (12px text, about 7px a character, with padding). */
const labelSize = (text: string) => ({ width: text.length * 7 + 16, height: 22 });

/** On the minimap too, the strand in focus and its neighbours stand out; it shows where they are off screen. */
const minimapColor = (d: StrandNodeData) => (d.emphasis === "dimmed" ? "#e7e5e4" : STANCE_COLORS[d.stance ?? "unset"].border);

const boxOf = (layout: LayoutResult, id: string): Box => ({
  ...(layout.positions.get(id) ?? { x: 0, y: 0 }),
  width: NODE_WIDTH,
  height: NODE_HEIGHT,
});

/**
 * Where relations meet a strand's box. Given with the nodes, so that the server can draw the
 * relations too (xyflow otherwise waits for the browser to measure the handles).
 */
const SIZE = { width: NODE_WIDTH, height: NODE_HEIGHT };
const HANDLES: NodeHandle[] = [
  { type: "target", position: Position.Left, x: 0, y: NODE_HEIGHT / 2 },
  { type: "source", position: Position.Right, x: NODE_WIDTH, y: NODE_HEIGHT / 2 },
];

/**
 * The map's size as the server assumes it for the first drawing (a 1280×860 window); the browser
 * then fits the view to the real one.
 */
const ASSUMED_SIZE = { width: 974, height: 560 };

/** The first view: the whole map when it fits at a readable size, else where its relations are thickest. */
function readableView(layout: LayoutResult, nodes: { id: string }[], edges: MapEdge[], size: { width: number; height: number }) {
  const degree = new Map<string, number>();
  for (const e of edges) for (const id of [e.from, e.to]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const middle = weightedCentre(nodes.map((n) => ({ ...boxOf(layout, n.id), weight: degree.get(n.id) ?? 0 })));
  return initialViewport({ x: 0, y: 0, width: layout.width, height: layout.height }, size, { ...VIEW_OPTIONS, middle });
}

/**
 * The argument map: strands as boxes (fill = stance, outline = status), relations as arrows
 * (colour and line pattern = kind). It opens at a zoom where titles read, showing the whole map
 * when it fits and where its relations are thickest otherwise, with a minimap and "Whole map". Hovering or
 * tabbing to a strand (or finding it by title) puts it in focus: its relations and neighbours stay,
 * with labels, everything else fades. Filters hide strands and relations without moving the rest.
 * Clicking a strand opens its page.
 */
export function ArgumentMap({ map, first, aside }: { map: ArgumentMapView; first: FirstDrawing; aside?: React.ReactNode }) {
  const layoutInput = useMemo(() => ({ nodes: map.nodes, edges: map.edges }), [map]);
  const { layout, error, thread, workerStartMs } = useMapLayout(map.wikiId, layoutInput, first);
  const [filters, setFilters] = useState<MapFilters>(() => ({
    statuses: new Set<StrandStatus>(STATUS_OPTIONS),
    stances: new Set(STANCE_KEYS),
    kinds: new Set<RelationKind>(RELATION_OPTIONS),
  }));
  const [hovered, setHovered] = useState<string | null>(null);
  const [pinned, setPinned] = useState<string | null>(null);
  /** Set with the first view: whether the whole map fits at a readable size (null until then). */
  const [fitsAll, setFitsAll] = useState<boolean | null>(null);
  /** Which layout the current view was chosen for; once the reader pans or zooms, the view is theirs. */
  const [viewFor, setViewFor] = useState<string | null>(null);
  const readerMoved = useRef(false);
  const flow = useRef<ReactFlowInstance<Node<StrandNodeData>, Edge<RelationEdgeData>> | null>(null);
  const container = useRef<HTMLDivElement>(null);

  const visibleNodes = useMemo(
    () => map.nodes.filter((n) => filters.statuses.has(n.status) && filters.stances.has(n.stance ?? "unset")),
    [map.nodes, filters],
  );
  const visibleEdges = useMemo(() => {
    const shown = new Set(visibleNodes.map((n) => n.id));
    return map.edges.filter((e) => filters.kinds.has(e.kind) && shown.has(e.from) && shown.has(e.to));
  }, [map.edges, visibleNodes, filters.kinds]);

  const shownIds = useMemo(() => new Set(visibleNodes.map((n) => n.id)), [visibleNodes]);
  const focus = [hovered, pinned].find((id): id is string => !!id && shownIds.has(id)) ?? null;
  const neighbours = useMemo(() => {
    if (!focus) return null;
    const ids = new Set<string>();
    for (const e of visibleEdges) if (e.from === focus || e.to === focus) ids.add(e.from).add(e.to);
    ids.delete(focus);
    return ids;
  }, [focus, visibleEdges]);

  const nodes: Node<StrandNodeData>[] = useMemo(
    () =>
      layout
        ? visibleNodes.map((n) => ({
            id: n.id,
            type: "strand",
            position: layout.positions.get(n.id) ?? { x: 0, y: 0 },
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
            // Fixed boxes: their size and handles are known without measuring, on the server too.
            // Given both or neither: xyflow re-measures a node only while its handles are unknown.
            measured: SIZE,
            handles: HANDLES,
            data: {
              ...n,
              emphasis: !focus ? "normal" : n.id === focus ? "focused" : neighbours?.has(n.id) ? "neighbour" : "dimmed",
              onFocusChange: setHovered,
            },
          }))
        : [],
    [layout, visibleNodes, focus, neighbours],
  );

  // Where the page's HTML shows the first drawing, before the browser knows the map's real size
  // (onInit below then fits the view to it: a transform, which moves nothing else on the page).
  const [defaultViewport] = useState<Viewport | undefined>(() => {
    if (!layout) return undefined;
    const { x, y, zoom } = readableView(layout, visibleNodes, visibleEdges, ASSUMED_SIZE);
    return { x, y, zoom };
  });

  const placement = useMemo(() => parallelPlacement(map.edges), [map.edges]);
  const edges: Edge<RelationEdgeData>[] = useMemo(() => {
    if (!layout) return [];
    const touches = (e: MapEdge) => e.from === focus || e.to === focus;
    // Drawn in order: the focused strand's relations last, so they lie on top.
    const ordered = focus ? [...visibleEdges.filter((e) => !touches(e)), ...visibleEdges.filter(touches)] : visibleEdges;
    // Labels keep off the strands' boxes and off each other: each placed label becomes an obstacle.
    const obstacles = visibleNodes.map((n) => boxOf(layout, n.id));
    return ordered.map((e) => {
      const { offset, labelAt } = placement.get(e.id) ?? { offset: 0, labelAt: 0.5 };
      const line = relationLine(boxOf(layout, e.from), boxOf(layout, e.to), offset);
      const emphasis = !focus ? "normal" : touches(e) ? "focused" : "dimmed";
      const showLabel = emphasis === "focused" || (!focus && visibleEdges.length <= ALL_LABELS_UP_TO);
      let label = null;
      if (showLabel) {
        const size = labelSize(RELATION_LABELS[e.kind]);
        label = freeLabelSpot(line, labelAt, size, obstacles);
        obstacles.push({ x: label.x - size.width / 2, y: label.y - size.height / 2, ...size });
      }
      return {
        id: e.id,
        source: e.from,
        target: e.to,
        type: "relation",
        markerEnd: { type: MarkerType.ArrowClosed, color: RELATION_COLORS[e.kind], width: 14, height: 14 },
        data: { kind: e.kind, ...line, emphasis, label },
      };
    });
  }, [layout, visibleNodes, visibleEdges, focus, placement]);

  const showReadable = useCallback(() => {
    const size = container.current?.getBoundingClientRect();
    if (!flow.current || !size || !layout) return;
    const view = readableView(layout, visibleNodes, visibleEdges, size);
    setFitsAll(view.fitsAll);
    setViewFor(thread);
    void flow.current.setViewport(view);
  }, [layout, thread, visibleNodes, visibleEdges]);
  // ELK's layout replaces the quick first drawing: the first view follows it, unless the reader
  // has already moved the map.
  useEffect(() => {
    if (flow.current && thread && viewFor && thread !== viewFor && !readerMoved.current) showReadable();
  }, [thread, viewFor, showReadable]);
  // Clear of the buttons along the top edge, like the first view.
  const showWhole = () =>
    void flow.current?.fitView({
      padding: { top: `${VIEW_OPTIONS.top + 8}px`, right: "16px", bottom: "16px", left: "16px" },
      duration: 300,
    });
  // A strand found by title comes into view with its neighbours if they fit at a readable size,
  // else on its own, in the middle of the room the focus panel leaves.
  const findStrand = (id: string) => {
    setPinned(id);
    const size = container.current?.getBoundingClientRect();
    if (!layout || !size || !flow.current) return;
    const around = [id, ...visibleEdges.flatMap((e) => (e.from === id ? [e.to] : e.to === id ? [e.from] : []))];
    const area = boundsOf(around.map((n) => boxOf(layout, n)));
    const room = { width: size.width - FOCUS_ROOM.right - FOCUS_ROOM.left, height: size.height - FOCUS_ROOM.top - FOCUS_ROOM.bottom };
    const fits = Math.min(room.width / area.width, room.height / area.height) >= READABLE_ZOOM;
    const padding = {
      top: `${FOCUS_ROOM.top}px`,
      right: `${FOCUS_ROOM.right}px`,
      bottom: `${FOCUS_ROOM.bottom}px`,
      left: `${FOCUS_ROOM.left}px`,
    } as const;
    const nodes = (fits ? around : [id]).map((n) => ({ id: n }));
    void flow.current.fitView({
      nodes,
      minZoom: READABLE_ZOOM,
      maxZoom: fits ? VIEW_OPTIONS.maxZoom : READABLE_ZOOM,
      padding,
      duration: 400,
    });
  };
  const pinnedStrand = pinned && shownIds.has(pinned) ? visibleNodes.find((n) => n.id === pinned) : undefined;

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-2">
          <h1 className="font-serif text-2xl font-semibold">Argument map</h1>
          <StrandSearch strands={visibleNodes} onPick={findStrand} />
        </div>
        {aside}
      </div>
      <MapFilterBar filters={filters} onChange={setFilters}>
        <span className="ml-auto text-stone-500" data-testid="map-counts">
          {visibleNodes.length} of {map.nodes.length} strands · {visibleEdges.length} relations shown
        </span>
      </MapFilterBar>
      <div
        ref={container}
        // It takes the window's height below its own top (its page is a column as tall as the
        // window), at least 420px: every pixel left goes to the map, none of it below the fold. In
        // CSS, so the page's HTML has the right height before any script measures anything.
        className="relative min-h-[420px] flex-1 overflow-hidden rounded-lg border border-stone-200 bg-stone-50"
        data-testid="argument-map"
        // How the layout went and what the first view showed, for the browser tests to read.
        data-layout-ms={layout?.ms}
        data-layout-thread={thread ?? undefined}
        data-worker-start-ms={workerStartMs}
        data-first-view={fitsAll === null ? undefined : fitsAll ? "whole" : "readable"}
        data-view-layout={viewFor ?? undefined}
      >
        {error ? (
          <p role="alert" className="p-4 text-sm text-red-700">
            The map could not be laid out: {error}
          </p>
        ) : !layout ? (
          <p className="p-4 text-sm text-stone-500">Laying out {map.nodes.length} strands…</p>
        ) : visibleNodes.length === 0 ? (
          <p className="p-4 text-sm text-stone-500">No strand matches these filters.</p>
        ) : (
          <ReactFlow
            className="argument-map-flow"
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            // The strand's own link is the one tab stop per strand; 150 focusable edges would be noise.
            nodesFocusable={false}
            edgesFocusable={false}
            defaultViewport={defaultViewport}
            onInit={(instance) => {
              flow.current = instance;
              showReadable();
            }}
            // Hover handlers also keep the nodes under the pointer: xyflow gives nodes that are
            // neither draggable, selectable nor handled `pointer-events: none`.
            onNodeMouseEnter={(_, node) => setHovered(node.id)}
            onNodeMouseLeave={() => setHovered(null)}
            onPaneClick={() => setPinned(null)}
            // Only the reader's own moves carry an event; ours (setViewport, fitView) do not.
            onMoveStart={(event) => {
              if (event) readerMoved.current = true;
            }}
            minZoom={0.1}
            maxZoom={2}
          >
            <Background gap={24} color="#e7e5e4" />
            <Panel position="top-left" className="flex gap-1.5">
              <button
                type="button"
                onClick={showWhole}
                className="rounded-md border border-stone-300 bg-white px-2 py-1 text-xs text-stone-700 shadow-sm hover:bg-stone-100"
                data-testid="map-fit-all"
              >
                Whole map
              </button>
              <button
                type="button"
                onClick={showReadable}
                className="rounded-md border border-stone-300 bg-white px-2 py-1 text-xs text-stone-700 shadow-sm hover:bg-stone-100"
                data-testid="map-readable"
              >
                Readable size
              </button>
              <span className="self-center rounded border border-stone-200 bg-white/90 px-1.5 py-0.5 text-xs text-stone-500">
                Hover a strand to see its relations, click it to open the page
              </span>
            </Panel>
            {pinnedStrand ? (
              <Panel position="top-right">
                <FocusPanel strand={pinnedStrand} map={map} visibleEdges={visibleEdges} onClose={() => setPinned(null)} />
              </Panel>
            ) : null}
            <Controls showInteractive={false} showFitView={false} />
            {/* Only worth its space when the map does not fit the window at a readable size. */}
            {fitsAll === false ? (
              <MiniMap
                pannable
                zoomable
                nodeColor={(n) => minimapColor(n.data as StrandNodeData)}
                nodeStrokeWidth={0}
                maskColor="rgb(245 245 244 / 0.7)"
              />
            ) : null}
          </ReactFlow>
        )}
      </div>
    </div>
  );
}
