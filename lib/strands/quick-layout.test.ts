import { describe, expect, it } from "vitest";
import { planArgumentGraph } from "@/tests/helpers/argument-graph";
import { NODE_HEIGHT, NODE_WIDTH, type LayoutInput, type LayoutResult } from "./map-layout";
import { quickLayout } from "./quick-layout";

function overlapping(layout: LayoutResult): string[] {
  const entries = [...layout.positions.entries()];
  const found: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [[a, p], [b, q]] = [entries[i], entries[j]];
      if (p.x < q.x + NODE_WIDTH && q.x < p.x + NODE_WIDTH && p.y < q.y + NODE_HEIGHT && q.y < p.y + NODE_HEIGHT) found.push(`${a}/${b}`);
    }
  }
  return found;
}

function planned(strands: number, relations: number): LayoutInput {
  const plan = planArgumentGraph({ strands, relations });
  return {
    nodes: plan.strands.map((_, i) => ({ id: `s${i}` })),
    edges: plan.relations.map((r) => ({ from: `s${r.from}`, to: `s${r.to}` })),
  };
}

describe("quickLayout (the map's first drawing, before ELK's)", () => {
  it("lays 50 strands and 150 relations out without overlaps, wider than tall, inside its extent, in milliseconds", () => {
    const input = planned(50, 150);
    const started = performance.now();
    const layout = quickLayout(input);
    const ms = performance.now() - started;
    expect(layout.positions.size).toBe(50);
    expect(overlapping(layout)).toEqual([]);
    expect(layout.width).toBeGreaterThanOrEqual(layout.height);
    for (const p of layout.positions.values()) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x + NODE_WIDTH).toBeLessThanOrEqual(layout.width + 0.5);
      expect(p.y + NODE_HEIGHT).toBeLessThanOrEqual(layout.height + 0.5);
    }
    console.log(`quickLayout: 50 strands / 150 relations in ${ms.toFixed(1)} ms, ${Math.round(layout.width)}×${Math.round(layout.height)}`);
  });

  it("draws the same map every time and in whatever order the relations come (server HTML = browser)", () => {
    const input = planned(30, 60);
    const layout = quickLayout(input);
    expect(quickLayout(input).positions).toEqual(layout.positions);
    expect(quickLayout({ ...input, edges: [...input.edges].reverse() }).positions).toEqual(layout.positions);
  });

  it("keeps related strands closer than unrelated ones, and sets strands without relations in rows below", () => {
    const input: LayoutInput = {
      nodes: ["a", "b", "c", "d", "lonely"].map((id) => ({ id })),
      edges: [
        { from: "a", to: "b" },
        { from: "c", to: "d" },
      ],
    };
    const { positions } = quickLayout(input);
    const distance = (p: string, q: string) =>
      Math.hypot(positions.get(p)!.x - positions.get(q)!.x, positions.get(p)!.y - positions.get(q)!.y);
    expect(distance("a", "b")).toBeLessThan(distance("a", "c"));
    const lowestRelated = Math.max(...["a", "b", "c", "d"].map((id) => positions.get(id)!.y + NODE_HEIGHT));
    expect(positions.get("lonely")!.y).toBeGreaterThan(lowestRelated);
  });

  it("stays fast and overlap-free for a big map (200 strands, 500 relations)", () => {
    const layout = quickLayout(planned(200, 500));
    expect(layout.positions.size).toBe(200);
    expect(overlapping(layout)).toEqual([]);
  });
});
