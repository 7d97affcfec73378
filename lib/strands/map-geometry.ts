import type { Point } from "./map-layout";

/** Plane geometry for the argument map: where relation lines start and end, and the first view. */

export type Box = { x: number; y: number; width: number; height: number };
export type Viewport = { x: number; y: number; zoom: number };

const centre = (b: Box): Point => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Where the ray from the box's centre toward `toward` leaves the box. */
export function borderPoint(b: Box, toward: Point): Point {
  const c = centre(b);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  // The ray leaves through a vertical side or a horizontal one, whichever it reaches first.
  const scale = Math.min(dx === 0 ? Infinity : b.width / 2 / Math.abs(dx), dy === 0 ? Infinity : b.height / 2 / Math.abs(dy));
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

/**
 * A relation drawn as a straight line between the two boxes' borders, so the arrowhead lands on
 * the target's edge instead of under it. `offset` shifts the line sideways: two relations between
 * the same strands (A supports B, B rebuts A) would otherwise be drawn on top of each other.
 */
export function relationLine(from: Box, to: Box, offset = 0): { start: Point; end: Point } {
  const a = centre(from);
  const b = centre(to);
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  // Both ends move sideways by the same amount; a few pixels off the border do not show.
  const shift = { x: (-(b.y - a.y) / length) * offset, y: ((b.x - a.x) / length) * offset };
  const moved = (p: Point) => ({ x: p.x + shift.x, y: p.y + shift.y });
  const [s, e] = [moved(borderPoint(from, b)), moved(borderPoint(to, a))];
  return { start: s, end: e };
}

/**
 * Where relations that share both strands (in either direction) go: sideways offsets of 0 for a
 * relation alone, ±spacing/2 for a pair and so on, and labels spread along the line, since
 * offsets of a few pixels would leave the labels on top of each other. The offset's sign follows
 * the strands' order (not the relation's direction), so A→B and B→A end up on opposite sides.
 */
export function parallelPlacement(
  edges: { id: string; from: string; to: string }[],
  spacing = 12,
): Map<string, { offset: number; labelAt: number }> {
  const groups = new Map<string, { id: string; sign: number }[]>();
  for (const e of edges) {
    const key = e.from < e.to ? `${e.from} ${e.to}` : `${e.to} ${e.from}`;
    const group = groups.get(key) ?? [];
    group.push({ id: e.id, sign: e.from < e.to ? 1 : -1 });
    groups.set(key, group);
  }
  const placement = new Map<string, { offset: number; labelAt: number }>();
  for (const group of groups.values()) {
    const step = Math.min(0.2, 0.6 / group.length);
    group.forEach(({ id, sign }, i) => {
      const rank = i - (group.length - 1) / 2;
      // Measured from each relation's own start: B→A runs the other way along the same line.
      placement.set(id, { offset: sign * rank * spacing, labelAt: 0.5 + sign * rank * step });
    });
  }
  return placement;
}

/**
 * The first view of a drawing of `bounds` in a window of `size`: the whole drawing when it fits
 * at `readableZoom` or more (never enlarged past `maxZoom`), otherwise the drawing at
 * `readableZoom` around `middle` (by default the drawing's centre), to be panned from there.
 * Fitting a large map whole would shrink its text below what anyone can read.
 */
export function initialViewport(
  bounds: Box,
  size: { width: number; height: number },
  {
    readableZoom,
    maxZoom,
    padding,
    top = 0,
    middle = centre(bounds),
  }: { readableZoom: number; maxZoom: number; padding: number; top?: number; middle?: Point },
): Viewport & { fitsAll: boolean } {
  // `top` is kept free for the controls drawn over the map's upper edge.
  const room = { width: size.width - 2 * padding, height: size.height - top - 2 * padding };
  const fitZoom = Math.min(room.width / bounds.width, room.height / bounds.height);
  const fitsAll = fitZoom >= readableZoom;
  const zoom = fitsAll ? Math.min(fitZoom, maxZoom) : readableZoom;
  const c = fitsAll ? centre(bounds) : middle;
  return { x: size.width / 2 - c.x * zoom, y: top + padding + room.height / 2 - c.y * zoom, zoom, fitsAll };
}

/**
 * Where the argument is thickest: the boxes' centres weighted by how many relations each has.
 * A large map opens there, on the strands most argued about, rather than on its geometric middle.
 */
export function weightedCentre(boxes: (Box & { weight: number })[]): Point | undefined {
  const total = boxes.reduce((sum, b) => sum + b.weight, 0);
  if (total === 0) return undefined;
  const sum = boxes.reduce((acc, b) => ({ x: acc.x + (b.x + b.width / 2) * b.weight, y: acc.y + (b.y + b.height / 2) * b.weight }), {
    x: 0,
    y: 0,
  });
  return { x: sum.x / total, y: sum.y / total };
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Where along a line a label of `size` can sit without covering a strand's box: the preferred
 * spot if it is free, else the free spot nearest to it, else the preferred spot after all. Straight
 * relations often pass close to other strands; a label under a box cannot be read, one on top of
 * it hides the box's title.
 */
export function freeLabelSpot(
  line: { start: Point; end: Point },
  preferred: number,
  size: { width: number; height: number },
  boxes: Box[],
): Point {
  const at = (t: number): Point => ({
    x: line.start.x + (line.end.x - line.start.x) * t,
    y: line.start.y + (line.end.y - line.start.y) * t,
  });
  const free = (p: Point) =>
    !boxes.some((b) => overlaps(b, { x: p.x - size.width / 2, y: p.y - size.height / 2, width: size.width, height: size.height }));
  for (let step = 0; step <= 8; step++) {
    for (const t of step === 0 ? [preferred] : [preferred - step * 0.05, preferred + step * 0.05]) {
      if (t > 0.1 && t < 0.9 && free(at(t))) return at(t);
    }
  }
  return at(preferred);
}

/** The smallest box around all of `boxes`. */
export function boundsOf(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}
