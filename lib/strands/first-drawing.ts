import { LruCache } from "@/lib/lru";
import { layoutFingerprint, type LayoutInput, type LayoutResult } from "./map-layout";
import { quickLayout } from "./quick-layout";

/**
 * The argument map's first drawing as the map page sends it: the quick layout's positions, so the
 * strands are in the page's HTML and on screen at first paint, before any script has run. The
 * browser then shows the layout it kept from an earlier visit, or ELK's once its worker is done
 * (components/strands/use-map-layout.ts).
 *
 * Computed here rather than in the browser's first render: the server's and the browser's
 * floating point would have to agree to the last bit for hydration to match, and a prop cannot
 * disagree with itself.
 */
export type FirstDrawing = { positions: [id: string, x: number, y: number][]; width: number; height: number };

/** 50 strands take the quick layout a few milliseconds: a map viewed again reuses its drawing. */
const drawings = new LruCache<string, FirstDrawing>(32);

export function firstDrawing(wikiId: string, input: LayoutInput): FirstDrawing {
  const key = `${wikiId}:${layoutFingerprint(input)}`;
  let drawing = drawings.get(key);
  if (!drawing) {
    const layout = quickLayout(input);
    drawing = { positions: [...layout.positions].map(([id, p]) => [id, p.x, p.y]), width: layout.width, height: layout.height };
    drawings.set(key, drawing);
  }
  return drawing;
}

export function layoutOfDrawing(drawing: FirstDrawing): LayoutResult {
  return { positions: new Map(drawing.positions.map(([id, x, y]) => [id, { x, y }])), width: drawing.width, height: drawing.height, ms: 0 };
}
