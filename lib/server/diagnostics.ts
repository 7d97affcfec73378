import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from "node:perf_hooks";

/**
 * Figures for the benchmarks, from inside the server process: event-loop delay, memory, garbage
 * collection pauses, and how often and how long compaction ran. Off unless the process was
 * started with OPINIO_DIAGNOSTICS=1 and an IPC channel (bench/ starts it so); then the parent asks with
 * `{ type: "opinio-diagnostics", id, reset?, gc? }` and gets the figures back with the same id.
 * Nothing is exposed over HTTP.
 */

export type DiagnosticsReport = {
  type: "opinio-diagnostics";
  id: number;
  eventLoop: { p50: number; p99: number; max: number; mean: number };
  rss: number;
  heapUsed: number;
  /**
   * Garbage-collection pauses on the main thread in the window, in ms (forced collections, such
   * as the `gc` option's, left out): every pause, and the major (mark-compact) ones apart, since
   * their length grows with the live heap.
   */
  gc: { pausesMs: number[]; majorPausesMs: number[] };
  compactions: { count: number; durationsMs: number[]; byLength: number; byIdle: number; other: number };
  hocuspocusStores: number;
};

type Request = { type?: unknown; id?: unknown; reset?: unknown; gc?: unknown };

const state = {
  enabled: false,
  histogram: undefined as IntervalHistogram | undefined,
  compactions: [] as number[],
  reasons: { byLength: 0, byIdle: 0, other: 0 },
  hocuspocusStores: 0,
  gcObserver: undefined as PerformanceObserver | undefined,
  gcPauses: [] as number[],
  gcMajorPauses: [] as number[],
};

type GcDetail = { kind?: number; flags?: number };

function recordGc(entries: readonly PerformanceEntry[]): void {
  for (const entry of entries) {
    const { kind, flags = 0 } = (entry as PerformanceEntry & { detail?: GcDetail }).detail ?? {};
    if (flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue;
    state.gcPauses.push(entry.duration);
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) state.gcMajorPauses.push(entry.duration);
  }
}

export function diagnosticsEnabled(): boolean {
  return state.enabled;
}

/** Records one compaction (its synchronous duration blocks the event loop for that long). */
export function recordCompaction(ms: number, reason: "length" | "idle" | "other"): void {
  if (!state.enabled) return;
  state.compactions.push(ms);
  if (reason === "length") state.reasons.byLength++;
  else if (reason === "idle") state.reasons.byIdle++;
  else state.reasons.other++;
}

/** Counts Hocuspocus's own (debounced) onStoreDocument runs, which should never carry persistence. */
export function recordHocuspocusStore(): void {
  if (state.enabled) state.hocuspocusStores++;
}

const RESOLUTION_MS = 10;
// The histogram records the whole interval between its timer's ticks; the delay is the excess.
const delayMs = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

function report(id: number): DiagnosticsReport {
  const h = state.histogram!;
  // Entries reach the observer's callback later; take the ones still queued.
  recordGc(state.gcObserver!.takeRecords());
  const memory = process.memoryUsage();
  return {
    type: "opinio-diagnostics",
    id,
    eventLoop: { p50: delayMs(h.percentile(50)), p99: delayMs(h.percentile(99)), max: delayMs(h.max), mean: delayMs(h.mean) },
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    gc: { pausesMs: [...state.gcPauses], majorPausesMs: [...state.gcMajorPauses] },
    compactions: { count: state.compactions.length, durationsMs: [...state.compactions], ...state.reasons },
    hocuspocusStores: state.hocuspocusStores,
  };
}

/** Starts answering diagnostics requests if OPINIO_DIAGNOSTICS=1 and the parent gave an IPC channel. */
export function startDiagnostics(): void {
  if (process.env.OPINIO_DIAGNOSTICS !== "1" || typeof process.send !== "function" || state.enabled) return;
  state.enabled = true;
  state.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  state.histogram.enable();
  state.gcObserver = new PerformanceObserver((list) => recordGc(list.getEntries()));
  state.gcObserver.observe({ entryTypes: ["gc"] });
  process.on("message", (message: Request) => {
    if (message?.type !== "opinio-diagnostics" || typeof message.id !== "number") return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (message.gc && gc) gc();
    process.send!(report(message.id));
    if (message.reset) {
      state.histogram!.reset();
      state.compactions = [];
      state.reasons = { byLength: 0, byIdle: 0, other: 0 };
      state.hocuspocusStores = 0;
      state.gcPauses = [];
      state.gcMajorPauses = [];
    }
  });
  // The channel must not keep a shutting-down server alive.
  process.channel?.unref();
}
