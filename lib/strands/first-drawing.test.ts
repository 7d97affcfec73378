import { describe, expect, it } from "vitest";
import { firstDrawing, layoutOfDrawing } from "./first-drawing";
import { quickLayout } from "./quick-layout";

const input = {
  nodes: ["a", "b", "c", "d"].map((id) => ({ id })),
  edges: [
    { from: "a", to: "b" },
    { from: "b", to: "c" },
  ],
};

describe("the argument map's first drawing, as the map page sends it", () => {
  it("is the quick layout, as plain data a page can carry", () => {
    const drawing = firstDrawing("wiki-1", input);
    expect(JSON.parse(JSON.stringify(drawing))).toEqual(drawing);
    const layout = quickLayout(input);
    expect(layoutOfDrawing(drawing)).toMatchObject({ positions: layout.positions, width: layout.width, height: layout.height });
  });

  it("is drawn once per map, and again when the map changes", () => {
    const first = firstDrawing("wiki-2", input);
    expect(firstDrawing("wiki-2", input)).toBe(first);
    const changed = firstDrawing("wiki-2", { ...input, edges: [...input.edges, { from: "c", to: "d" }] });
    expect(changed).not.toBe(first);
    expect(changed.positions.map(([id]) => id).sort()).toEqual(["a", "b", "c", "d"]);
  });
});
