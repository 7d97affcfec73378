"use client";

import { useEffect, useState } from "react";
import { layoutArgumentMap, type LayoutInput, type LayoutResult } from "@/lib/strands/map-layout";


/**
 * Lays the map out in a worker (lib/strands/elk.worker.ts). elk-api does not report a worker that
 * failed to start (its promise would wait forever), so a worker error rejects the race here.
 */
async function layoutInWorker(input: LayoutInput): Promise<LayoutResult> {
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
    return await Promise.race([layoutArgumentMap(elk, input), failed]);
  } finally {
    elk.terminateWorker();
  }
}

/** The same layout on the main thread: slower for the page, but a map rather than none. */
async function layoutOnMainThread(input: LayoutInput): Promise<LayoutResult> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  return layoutArgumentMap(new ELK(), input);
}

/**
 * The map's layout, computed once per map: filters hide strands without moving the others, so a
 * reader keeps their bearings while switching filters.
 */
export function useMapLayout(input: LayoutInput): { layout: LayoutResult | null; error: string | null; thread: "worker" | "main" | null } {
  const [state, setState] = useState<{ layout: LayoutResult | null; error: string | null; thread: "worker" | "main" | null }>({ layout: null, error: null, thread: null });
  useEffect(() => {
    let cancelled = false;
    layoutInWorker(input)
      .then((layout) => ({ layout, thread: "worker" as const }))
      .catch(async (error: unknown) => {
        console.warn("Argument map: laying out on the main thread, the worker failed:", error);
        return { layout: await layoutOnMainThread(input), thread: "main" as const };
      })
      .then(({ layout, thread }) => {
        if (!cancelled) setState({ layout, error: null, thread });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ layout: null, error: error instanceof Error ? error.message : String(error), thread: null });
      });
    return () => {
      cancelled = true;
    };
  }, [input]);
  return state;
}
