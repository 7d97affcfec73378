import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import { RELATION_LABELS } from "./labels";
import type { RelationKind } from "@/db/schema/strands";

/**
 * Argument-map layout with ELK's layered algorithm: strands that others rely on end up to the
 * right of them, edges are routed orthogonally around nodes, and ELK reserves room for every
 * edge label, so 50 strands with 150 relations stay legible without hand-tuned physics.
 *
 * It runs in the browser, on the main thread: the map re-lays itself out when a filter changes,
 * a 50/150 graph takes well under a second, and a worker would need a script URL that the
 * Content-Security-Policy ('strict-dynamic', no host allow-list) does not admit.
 */

export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 96;
const LABEL_HEIGHT = 16;
/** Label widths are estimated (no DOM measuring needed): 11px system font ≈ 6px a character. */
const labelWidth = (text: string) => Math.ceil(text.length * 6.2) + 10;

export type LayoutInput = { nodes: { id: string }[]; edges: { id: string; from: string; to: string; kind: RelationKind }[] };
export type Point = { x: number; y: number };
export type LayoutResult = {
  positions: Map<string, Point>;
  /** Each edge's route, start to end, including bend points. */
  routes: Map<string, Point[]>;
  /** Where ELK put each edge's label (its top-left corner). */
  labels: Map<string, Point>;
};

const LAYOUT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.spacing.nodeNodeBetweenLayers": "40",
  "elk.spacing.nodeNode": "28",
  "elk.spacing.edgeEdge": "12",
  "elk.spacing.edgeNode": "18",
  "elk.spacing.edgeLabel": "4",
  "elk.layered.spacing.edgeNodeBetweenLayers": "12",
  "elk.layered.spacing.edgeEdgeBetweenLayers": "10",
  "elk.edgeLabels.placement": "CENTER",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  // Cycles are normal in an argument (A rebuts B, B rebuts A); ELK breaks them for layering.
  "elk.layered.cycleBreaking.strategy": "GREEDY",
  // Unrelated strands are packed beside the graph instead of widening it.
  "elk.separateConnectedComponents": "true",
  "elk.spacing.componentComponent": "60",
};

export function buildElkGraph(input: LayoutInput): ElkNode {
  return {
    id: "root",
    layoutOptions: LAYOUT_OPTIONS,
    children: input.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: input.edges.map(
      (e): ElkExtendedEdge => ({
        id: e.id,
        sources: [e.from],
        targets: [e.to],
        labels: [{ id: `${e.id}-label`, text: RELATION_LABELS[e.kind], width: labelWidth(RELATION_LABELS[e.kind]), height: LABEL_HEIGHT }],
      }),
    ),
  };
}

/** Lays the graph out with the given ELK instance (injected so the browser can load it lazily). */
export async function layoutArgumentMap(elk: { layout: (graph: ElkNode) => Promise<ElkNode> }, input: LayoutInput): Promise<LayoutResult> {
  const laid = await elk.layout(buildElkGraph(input));
  const positions = new Map<string, Point>();
  for (const child of laid.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  const routes = new Map<string, Point[]>();
  const labels = new Map<string, Point>();
  for (const edge of (laid.edges ?? []) as ElkExtendedEdge[]) {
    const section = edge.sections?.[0];
    if (section) routes.set(edge.id, [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
    const label = edge.labels?.[0];
    if (label && label.x !== undefined && label.y !== undefined) labels.set(edge.id, { x: label.x, y: label.y });
  }
  return { positions, routes, labels };
}
