import type { ElkNode } from "elkjs/lib/elk-api";

/**
 * Argument-map layout with ELK's stress algorithm, followed by ELK's overlap removal (SPOrE).
 *
 * Stress places each strand so that its distance to every other strand follows how many relations
 * apart they are: related strands sit together, the strands most argued about end up in the
 * middle, and relations are short straight lines. The layered algorithm was tried first; with 150
 * relations among 50 strands its long orthogonal edges filled the space between the layers and
 * stretched the map to twelve screens wide, where stress needs about four at a readable zoom.
 * Stress can leave boxes on top of each other, hence the second pass.
 *
 * Strands with no relation are not part of the argument's shape; they are set out in rows under it
 * rather than scattered by the algorithm.
 *
 * Pure over its input, with ELK injected, so it runs in the layout worker (elk.worker.ts)
 * and, should the worker fail, on the main thread.
 */

/** Raise when the layout changes, so browsers stop using the layouts they kept (components/strands/layout-cache.ts). */
export const LAYOUT_VERSION = 2;
export const NODE_WIDTH = 208;
export const NODE_HEIGHT = 60;
/** Room between boxes after overlap removal (enough for a relation's label between neighbours), and around the unrelated strands' rows. */
export const GAP = 40;
/** Preferred length of a relation: a little over a box width keeps neighbours close but apart. */
export const EDGE_LENGTH = 230;

export type LayoutInput = { nodes: { id: string }[]; edges: { from: string; to: string }[] };
export type Point = { x: number; y: number };
/** Top-left corner of every strand's box, with the drawing's extent; `ms` is how long ELK took. */
export type LayoutResult = { positions: Map<string, Point>; width: number; height: number; ms: number };

/** FNV-1a over everything the layout depends on, in order. */
export function layoutFingerprint(input: LayoutInput): string {
  const text = input.nodes.map((n) => n.id).join(",") + "|" + input.edges.map((e) => `${e.from}>${e.to}`).join(",");
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${LAYOUT_VERSION}.${(hash >>> 0).toString(36)}.${input.nodes.length}.${input.edges.length}`;
}

type Elk = { layout: (graph: ElkNode) => Promise<ElkNode> };

const box = (id: string): ElkNode => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT });

/**
 * Turns the arrangement so its widest spread runs across the screen. Stress does not care which
 * way up a drawing is, and it often comes out tall; screens are wide, so the turned map fits more
 * strands at a readable size. The direction is the principal axis of the boxes' centres.
 */
export function alongWidestSpread<T extends Point>(points: T[]): T[] {
  if (points.length < 2) return points;
  const mean = { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length };
  let xx = 0,
    yy = 0,
    xy = 0;
  for (const p of points) {
    const [dx, dy] = [p.x - mean.x, p.y - mean.y];
    xx += dx * dx;
    yy += dy * dy;
    xy += dx * dy;
  }
  const angle = -0.5 * Math.atan2(2 * xy, xx - yy);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  return points.map((p) => ({ ...p, x: (p.x - mean.x) * cos - (p.y - mean.y) * sin, y: (p.x - mean.x) * sin + (p.y - mean.y) * cos }));
}

/** Stress, then overlap removal, for the strands that have relations. */
async function layoutRelated(elk: Elk, ids: string[], edges: LayoutInput["edges"]): Promise<Map<string, Point>> {
  const positions = new Map<string, Point>();
  if (ids.length === 0) return positions;
  const stressed = await elk.layout({
    id: "root",
    layoutOptions: { "elk.algorithm": "stress", "elk.stress.desiredEdgeLength": String(EDGE_LENGTH) },
    children: ids.map(box),
    edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  const level = alongWidestSpread((stressed.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0 })));
  // SPOrE keeps the arrangement and only pushes boxes apart; it needs no edges.
  const separated = await elk.layout({
    id: "root",
    layoutOptions: { "elk.algorithm": "sporeOverlap", "elk.spacing.nodeNode": String(GAP) },
    children: level.map((c) => ({ ...box(c.id), x: c.x, y: c.y })),
  });
  const children = separated.children ?? [];
  const minX = Math.min(...children.map((c) => c.x ?? 0));
  const minY = Math.min(...children.map((c) => c.y ?? 0));
  for (const c of children) positions.set(c.id, { x: (c.x ?? 0) - minX, y: (c.y ?? 0) - minY });
  return positions;
}

/** Lays the map out with the given ELK instance (injected so the caller decides where ELK runs). */
export async function layoutArgumentMap(elk: Elk, input: LayoutInput): Promise<LayoutResult> {
  const started = performance.now();
  const { relatedIds, edges } = relatedPart(input);
  const positions = await layoutRelated(elk, relatedIds, edges);
  return withUnrelatedRows(input, positions, started);
}

/**
 * The relations worth drawing (no loops, both ends on the map), in the strands' order, and the
 * strands they touch. ELK's result depends on the edges' order, which follows creation (ties
 * broken by random ids); sorted by the strands' order, the same argument always draws the same map.
 */
export function relatedPart(input: LayoutInput): { relatedIds: string[]; edges: LayoutInput["edges"] } {
  const order = new Map(input.nodes.map((n, i) => [n.id, i]));
  const edges = input.edges
    .filter((e) => e.from !== e.to && order.has(e.from) && order.has(e.to))
    .sort((a, b) => order.get(a.from)! - order.get(b.from)! || order.get(a.to)! - order.get(b.to)!);
  const related = new Set(edges.flatMap((e) => [e.from, e.to]));
  return { relatedIds: input.nodes.map((n) => n.id).filter((id) => related.has(id)), edges };
}

/** Sets the strands without relations out in rows under the related ones (placed in `positions`). */
export function withUnrelatedRows(input: LayoutInput, positions: Map<string, Point>, started: number): LayoutResult {
  let width = Math.max(0, ...[...positions.values()].map((p) => p.x + NODE_WIDTH));
  let height = Math.max(0, ...[...positions.values()].map((p) => p.y + NODE_HEIGHT));
  const unrelated = input.nodes.filter((n) => !positions.has(n.id));
  if (unrelated.length > 0) {
    const columns = Math.max(1, Math.min(unrelated.length, Math.floor((Math.max(width, 4 * NODE_WIDTH) + GAP) / (NODE_WIDTH + GAP))));
    const top = height > 0 ? height + 2 * GAP : 0;
    unrelated.forEach((n, i) =>
      positions.set(n.id, { x: (i % columns) * (NODE_WIDTH + GAP), y: top + Math.floor(i / columns) * (NODE_HEIGHT + GAP) }),
    );
    width = Math.max(width, columns * (NODE_WIDTH + GAP) - GAP);
    height = top + Math.ceil(unrelated.length / columns) * (NODE_HEIGHT + GAP) - GAP;
  }
  return { positions, width, height, ms: Math.round(performance.now() - started) };
}
