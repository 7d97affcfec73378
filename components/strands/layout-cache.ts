import { layoutFingerprint, type LayoutInput, type LayoutResult, type Point } from "@/lib/strands/map-layout";

/**
 * The last layout of each wiki's map, kept in the browser's localStorage. Laying out 50 strands
 * takes seconds (worker start-up included); the same strands and relations draw the same map, so
 * a second visit shows it at once. One entry per wiki, replaced when the map changes; storage that
 * is missing, full or corrupt only means laying out again.
 */

type Stored = { fingerprint: string; width: number; height: number; positions: [string, number, number][] };

const storageKey = (wikiId: string) => `opinio.map-layout.${wikiId}`;

export function readCachedLayout(wikiId: string, input: LayoutInput): LayoutResult | null {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(wikiId)) ?? "null") as Stored | null;
    if (!stored || stored.fingerprint !== layoutFingerprint(input)) return null;
    const positions = new Map<string, Point>(stored.positions.map(([id, x, y]) => [id, { x, y }]));
    // A fingerprint could collide; a layout missing a strand must not be drawn.
    if (!input.nodes.every((n) => positions.has(n.id))) return null;
    return { positions, width: stored.width, height: stored.height, ms: 0 };
  } catch {
    return null;
  }
}

export function writeCachedLayout(wikiId: string, input: LayoutInput, layout: LayoutResult): void {
  const stored: Stored = {
    fingerprint: layoutFingerprint(input),
    width: layout.width,
    height: layout.height,
    positions: [...layout.positions].map(([id, p]) => [id, Math.round(p.x), Math.round(p.y)]),
  };
  try {
    localStorage.setItem(storageKey(wikiId), JSON.stringify(stored));
  } catch {
    // Full or unavailable storage: the next visit lays the map out again.
  }
}
