"use client";

import { useEffect, useState } from "react";
import { layoutArgumentMap, type LayoutInput, type LayoutResult } from "@/lib/strands/map-layout";
import { layoutOfDrawing, type FirstDrawing } from "@/lib/strands/first-drawing";
import { readCachedLayout, writeCachedLayout } from "./layout-cache";

/**
 * Lays the map out in a worker (lib/strands/elk.worker.ts). elk-api does not report a worker that
 * failed to start (its promise would wait forever), so a worker error rejects the race here.
 */
async function layoutInWorker(input: LayoutInput): Promise<LayoutResult & { startMs: number }> {
  const started = performance.now();
  const { default: ELK } = await import("elkjs/lib/elk-api");
  let worker: Worker | undefined;
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const elk = new ELK({
    workerFactory: () => {
      worker = new Worker(new URL("../../lib/strands/elk.worker.ts", import.meta.url));
      worker.addEventListener("error", (event) => fail(new Error(event.message || "the layout worker did not start")));
      return worker;
    },
  });
  try {
    // A first round trip waits for the worker's script, so the layout's own time is measured apart.
    await Promise.race([elk.knownLayoutAlgorithms(), failed]);
    const startMs = Math.round(performance.now() - started);
    return { ...(await Promise.race([layoutArgumentMap(elk, input), failed])), startMs };
  } finally {
    elk.terminateWorker();
  }
}

/** The same layout on the main thread: slower for the page, but a map rather than none. */
async function layoutOnMainThread(input: LayoutInput): Promise<LayoutResult> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  return layoutArgumentMap(new ELK(), input);
}

type MapLayoutState = {
  layout: LayoutResult | null;
  error: string | null;
  /**
   * Where ELK ran ("cache": it did not, this browser had kept the layout; "quick": ELK has not
   * finished yet and this is the first drawing), and how long the worker took to start (its
   * script is over a megabyte).
   */
  thread: "worker" | "main" | "cache" | "quick" | null;
  workerStartMs?: number;
};

/** ELK's layout: from the worker if it starts, else from the main thread; kept for the next visit. */
async function layOut(wikiId: string, input: LayoutInput): Promise<MapLayoutState> {
  const computed = await layoutInWorker(input)
    .then(({ startMs, ...layout }) => ({ layout, error: null, thread: "worker" as const, workerStartMs: startMs }))
    .catch(async (error: unknown) => {
      console.warn("Argument map: laying out on the main thread, the worker failed:", error);
      return { layout: await layoutOnMainThread(input), error: null, thread: "main" as const };
    });
  writeCachedLayout(wikiId, input, computed.layout);
  return computed;
}

/**
 * The map's layout, computed once per map: filters hide strands without moving the others, so a
 * reader keeps their bearings while switching filters. The page's HTML carries a quick first
 * drawing (lib/strands/first-drawing.ts); the browser then shows the layout it kept for this wiki,
 * if the map has not changed since, or ELK's once it is ready.
 */
export function useMapLayout(wikiId: string, input: LayoutInput, first: FirstDrawing): MapLayoutState {
  const [state, setState] = useState<MapLayoutState>(() => ({ layout: layoutOfDrawing(first), error: null, thread: "quick" }));
  useEffect(() => {
    let cancelled = false;
    // Read from the browser's storage only here: the page's HTML cannot know it.
    // A resolved promise keeps every state change in a callback, after the effect has run.
    void Promise.resolve()
      .then(() => {
        const kept = readCachedLayout(wikiId, input);
        return kept ? { layout: kept, error: null, thread: "cache" as const } : layOut(wikiId, input);
      })
      .then((next) => !cancelled && setState(next))
      .catch(
        (error: unknown) =>
          !cancelled && setState({ layout: null, error: error instanceof Error ? error.message : String(error), thread: null }),
      );
    return () => {
      cancelled = true;
    };
  }, [wikiId, input]);
  return state;
}
