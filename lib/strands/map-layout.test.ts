import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { planArgumentGraph } from "@/tests/helpers/argument-graph";
import { layoutArgumentMap, NODE_HEIGHT, NODE_WIDTH, type LayoutResult } from "./map-layout";

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

describe("layoutArgumentMap", () => {
  it("lays 50 strands and 150 relations out without overlaps, wider than tall, inside its extent", async () => {
    const plan = planArgumentGraph({ strands: 50, relations: 150 });
    const input = {
      nodes: plan.strands.map((_, i) => ({ id: `s${i}` })),
      edges: plan.relations.map((r) => ({ from: `s${r.from}`, to: `s${r.to}` })),
    };
    const layout = await layoutArgumentMap(new ELK(), input);
    expect(layout.positions.size).toBe(50);
    expect(overlapping(layout)).toEqual([]);
    expect(layout.width).toBeGreaterThan(layout.height);
    for (const p of layout.positions.values()) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x + NODE_WIDTH).toBeLessThanOrEqual(layout.width + 0.5);
      expect(p.y + NODE_HEIGHT).toBeLessThanOrEqual(layout.height + 0.5);
    }
    // Same argument, same drawing, in whatever order the relations come (creation order, random ids).
    const reversed = { ...input, edges: [...input.edges].reverse() };
    expect((await layoutArgumentMap(new ELK(), reversed)).positions).toEqual(layout.positions);
  });

  it("sets strands without relations out in rows under the related ones", async () => {
    const input = {
      nodes: ["a", "b", "c", "x", "y"].map((id) => ({ id })),
      edges: [
        { from: "a", to: "b" },
        { from: "b", to: "c" },
      ],
    };
    const layout = await layoutArgumentMap(new ELK(), input);
    expect(overlapping(layout)).toEqual([]);
    const lowestRelated = Math.max(...["a", "b", "c"].map((id) => layout.positions.get(id)!.y + NODE_HEIGHT));
    for (const id of ["x", "y"]) expect(layout.positions.get(id)!.y).toBeGreaterThan(lowestRelated);
    expect(layout.positions.get("x")!.y).toBe(layout.positions.get("y")!.y);
  });

  it("lays out a wiki with no relations at all, and an empty one", async () => {
    const rows = await layoutArgumentMap(new ELK(), { nodes: ["a", "b", "c"].map((id) => ({ id })), edges: [] });
    expect(overlapping(rows)).toEqual([]);
    expect(rows.positions.get("a")).toEqual({ x: 0, y: 0 });
    const empty = await layoutArgumentMap(new ELK(), { nodes: [], edges: [] });
    expect(empty).toMatchObject({ width: 0, height: 0 });
  });
});
