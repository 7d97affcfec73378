import { describe, expect, it } from "vitest";
import { borderPoint, freeLabelSpot, initialViewport, parallelPlacement, relationLine, weightedCentre } from "./map-geometry";

const box = { x: 0, y: 0, width: 200, height: 60 };

describe("borderPoint and relationLine", () => {
  it("leave a box through the side the line crosses", () => {
    expect(borderPoint(box, { x: 1000, y: 30 })).toEqual({ x: 200, y: 30 });
    expect(borderPoint(box, { x: 100, y: -500 })).toEqual({ x: 100, y: 0 });
    // Steeper than the box's diagonal: through the bottom, not the right side.
    expect(borderPoint(box, { x: 200, y: 230 })).toEqual({ x: 115, y: 60 });
  });

  it("runs from border to border, and offsets move both ends sideways", () => {
    const right = { ...box, x: 400 };
    expect(relationLine(box, right)).toEqual({ start: { x: 200, y: 30 }, end: { x: 400, y: 30 } });
    const shifted = relationLine(box, right, 6);
    expect(shifted.start.y).toBe(36);
    expect(shifted.end.y).toBe(36);
  });
});

describe("parallelPlacement", () => {
  it("leaves a lone relation on the centre line, label in the middle", () => {
    expect(parallelPlacement([{ id: "r", from: "a", to: "b" }]).get("r")).toEqual({ offset: 0, labelAt: 0.5 });
  });

  it("puts A→B and B→A on opposite sides, with their labels apart along the line", () => {
    const placed = parallelPlacement([
      { id: "ab", from: "a", to: "b" },
      { id: "ba", from: "b", to: "a" },
    ]);
    const [ab, ba] = [placed.get("ab")!, placed.get("ba")!];
    const [boxA, boxB] = [box, { ...box, x: 400 }];
    const [lineAB, lineBA] = [relationLine(boxA, boxB, ab.offset), relationLine(boxB, boxA, ba.offset)];
    expect(lineAB.start.y).not.toBe(lineBA.end.y);
    // Label positions measured from each line's own start, compared on the same axis.
    const labelX = (line: typeof lineAB, t: number) => line.start.x + (line.end.x - line.start.x) * t;
    expect(Math.abs(labelX(lineAB, ab.labelAt) - labelX(lineBA, ba.labelAt))).toBeGreaterThanOrEqual(40);
  });
});

describe("freeLabelSpot", () => {
  const line = { start: { x: 0, y: 0 }, end: { x: 400, y: 0 } };
  const size = { width: 60, height: 20 };

  it("takes the preferred spot when it is clear, the nearest clear one when not", () => {
    expect(freeLabelSpot(line, 0.5, size, [])).toEqual({ x: 200, y: 0 });
    const blocker = { x: 150, y: -20, width: 100, height: 40 };
    const spot = freeLabelSpot(line, 0.5, size, [blocker]);
    expect(spot.x + size.width / 2 <= blocker.x || spot.x - size.width / 2 >= blocker.x + blocker.width).toBe(true);
  });

  it("falls back to the preferred spot when the whole line is covered", () => {
    expect(freeLabelSpot(line, 0.5, size, [{ x: -10, y: -50, width: 420, height: 100 }])).toEqual({ x: 200, y: 0 });
  });
});

describe("initialViewport", () => {
  const options = { readableZoom: 0.85, maxZoom: 1.25, padding: 20, top: 40 };

  it("shows a small map whole, centred below the controls, never enlarged past maxZoom", () => {
    const view = initialViewport({ x: 0, y: 0, width: 600, height: 300 }, { width: 1000, height: 600 }, options);
    expect(view.fitsAll).toBe(true);
    expect(view.zoom).toBe(1.25);
    expect(view.x).toBe(500 - 300 * 1.25);
    expect(view.y).toBe(40 + 20 + 260 - 150 * 1.25);
  });

  it("opens a large map at the readable zoom on its middle rather than shrinking it", () => {
    const view = initialViewport({ x: 0, y: 0, width: 3000, height: 2000 }, { width: 1000, height: 600 }, options);
    expect(view).toEqual({ x: 500 - 1500 * 0.85, y: 40 + 20 + 260 - 1000 * 0.85, zoom: 0.85, fitsAll: false });
  });
});

describe("weightedCentre", () => {
  it("leans toward the boxes with more relations", () => {
    const boxes = [
      { x: 0, y: 0, width: 100, height: 50, weight: 3 },
      { x: 400, y: 0, width: 100, height: 50, weight: 1 },
    ];
    expect(weightedCentre(boxes)).toEqual({ x: 150, y: 25 });
    expect(weightedCentre(boxes.map((b) => ({ ...b, weight: 0 })))).toBeUndefined();
  });

  it("is where a large map opens", () => {
    const view = initialViewport(
      { x: 0, y: 0, width: 3000, height: 2000 },
      { width: 1000, height: 600 },
      { readableZoom: 0.85, maxZoom: 1.25, padding: 20, top: 40, middle: { x: 500, y: 400 } },
    );
    expect(view).toMatchObject({ x: 500 - 500 * 0.85, y: 40 + 20 + 260 - 400 * 0.85, zoom: 0.85 });
  });
});
