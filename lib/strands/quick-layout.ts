import {
  alongWidestSpread,
  EDGE_LENGTH,
  GAP,
  NODE_HEIGHT,
  NODE_WIDTH,
  relatedPart,
  withUnrelatedRows,
  type LayoutInput,
  type LayoutResult,
  type Point,
} from "./map-layout";

/**
 * A first drawing of the argument map in a few milliseconds, for the moment before ELK's layout
 * is ready: ELK's script is over a megabyte and its stress layout of 50 strands takes a second or
 * more, so a first visit would otherwise show "Laying out…" for several seconds (issue 17).
 *
 * It is a plain force-directed layout (related strands attract, every pair repels, cooling over a
 * fixed number of rounds) followed by pushing overlapping boxes apart, turned along its widest
 * spread like ELK's. Deterministic: the same map draws the same way on the server and in the
 * browser, so it can be rendered into the page's HTML without a hydration mismatch.
 */
export function quickLayout(input: LayoutInput): LayoutResult {
  const started = performance.now();
  const { relatedIds, edges } = relatedPart(input);
  const positions = new Map<string, Point>();
  if (relatedIds.length > 0) {
    const spread = alongWidestSpread(separate(forceDirected(relatedIds, edges)));
    const placed = separate(spread);
    const minX = Math.min(...placed.map((p) => p.x));
    const minY = Math.min(...placed.map((p) => p.y));
    for (const p of placed) positions.set(p.id, { x: Math.round(p.x - minX), y: Math.round(p.y - minY) });
  }
  return withUnrelatedRows(input, positions, started);
}

type Placed = Point & { id: string };

/** Fewer rounds for big maps: the cost per round grows with the square of the strands. */
const roundsFor = (count: number) => Math.max(60, Math.min(300, Math.floor(600_000 / (count * count))));

/** Box centres by Fruchterman–Reingold, starting from a circle in the strands' order. */
function forceDirected(ids: string[], edges: LayoutInput["edges"]): Placed[] {
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const radius = (EDGE_LENGTH * n) / (2 * Math.PI) || EDGE_LENGTH;
  const x = ids.map((_, i) => radius * Math.cos((2 * Math.PI * i) / n));
  const y = ids.map((_, i) => radius * Math.sin((2 * Math.PI * i) / n));
  const links = edges.map((e) => [index.get(e.from)!, index.get(e.to)!] as const);
  const k = EDGE_LENGTH;
  const rounds = roundsFor(n);
  for (let round = 0; round < rounds; round++) {
    const temperature = (radius / 4) * (1 - round / rounds) + 1;
    const dx = new Float64Array(n);
    const dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const ux = x[i] - x[j] || 0.01;
        const uy = y[i] - y[j];
        const distance2 = ux * ux + uy * uy || 0.01;
        const push = (k * k) / distance2;
        dx[i] += ux * push;
        dy[i] += uy * push;
        dx[j] -= ux * push;
        dy[j] -= uy * push;
      }
    }
    for (const [a, b] of links) {
      const ux = x[a] - x[b];
      const uy = y[a] - y[b];
      const pull = Math.sqrt(ux * ux + uy * uy) / k;
      dx[a] -= ux * pull;
      dy[a] -= uy * pull;
      dx[b] += ux * pull;
      dy[b] += uy * pull;
    }
    for (let i = 0; i < n; i++) {
      const length = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      const step = Math.min(length, temperature);
      x[i] += (dx[i] / length) * step;
      y[i] += (dy[i] / length) * step;
    }
  }
  // From centres to top-left corners, as every layout reports them.
  return ids.map((id, i) => ({ id, x: x[i] - NODE_WIDTH / 2, y: y[i] - NODE_HEIGHT / 2 }));
}

/**
 * Pushes overlapping boxes (counting GAP around each) apart along the axis where they overlap
 * least, half each way, until none overlaps or the rounds run out.
 */
function separate(boxes: Placed[]): Placed[] {
  const placed = boxes.map((b) => ({ ...b }));
  const [w, h] = [NODE_WIDTH + GAP, NODE_HEIGHT + GAP];
  for (let round = 0; round < 200; round++) {
    let moved = false;
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const [a, b] = [placed[i], placed[j]];
        const overlapX = w - Math.abs(a.x - b.x);
        const overlapY = h - Math.abs(a.y - b.y);
        if (overlapX <= 0 || overlapY <= 0) continue;
        moved = true;
        if (overlapX / w < overlapY / h) {
          const shift = (overlapX / 2) * (a.x < b.x || (a.x === b.x && i < j) ? -1 : 1);
          a.x += shift;
          b.x -= shift;
        } else {
          const shift = (overlapY / 2) * (a.y < b.y || (a.y === b.y && i < j) ? -1 : 1);
          a.y += shift;
          b.y -= shift;
        }
      }
    }
    if (!moved) break;
  }
  return placed;
}
