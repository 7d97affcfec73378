import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * Real editing traces (josephg/editing-traces, CC BY 4.0, Joseph Gentle), read at run time from
 * ../shared/traces beside the repository (or OPINIO_TRACES_DIR). They are data, never copied into
 * the repository.
 */

const ROOT = path.resolve(__dirname, "..", "..");

/** One replacement: at `pos` (Unicode code points) delete `del` characters, then insert `ins`. */
export type Patch = [pos: number, del: number, ins: string];

export type SequentialTrace = { kind: "sequential"; startContent: string; endContent: string; txns: { patches: Patch[] }[] };
export type ConcurrentTrace = {
  kind: "concurrent";
  endContent: string;
  numAgents: number;
  txns: { parents: number[]; agent: number; patches: Patch[] }[];
};
export type Trace = SequentialTrace | ConcurrentTrace;

export const TRACE_NAMES = ["seph-blog1", "sveltecomponent", "friendsforever", "clownschool"] as const;
export type TraceName = (typeof TRACE_NAMES)[number];

export function tracesDir(): string {
  return path.resolve(ROOT, process.env.OPINIO_TRACES_DIR ?? path.join("..", "shared", "traces"));
}

/** Whether the traces can be read; benchmarks that need them skip with this message otherwise. */
export function tracesAvailable(): { ok: true } | { ok: false; message: string } {
  const dir = tracesDir();
  const missing = TRACE_NAMES.filter((name) => !fs.existsSync(path.join(dir, `${name}.json.gz`)));
  if (missing.length === 0) return { ok: true };
  return {
    ok: false,
    message: `editing traces not found in ${dir} (missing ${missing.join(", ")}); set OPINIO_TRACES_DIR or place josephg/editing-traces files there`,
  };
}

const cache = new Map<TraceName, Trace>();

export function loadTrace(name: TraceName): Trace {
  const cached = cache.get(name);
  if (cached) return cached;
  const raw = JSON.parse(gunzipSync(fs.readFileSync(path.join(tracesDir(), `${name}.json.gz`))).toString("utf8")) as Record<
    string,
    unknown
  >;
  const trace = (raw.kind === "concurrent" ? raw : { ...raw, kind: "sequential", startContent: raw.startContent ?? "" }) as Trace;
  cache.set(name, trace);
  return trace;
}
