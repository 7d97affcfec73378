import fs from "node:fs";
import nodePath from "node:path";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { closeDb } from "@/db/client";
import { makeDataDir } from "@/tests/helpers/server";
import { seedDemoReader, SESSION_COOKIE } from "../lib/demo-reader";
import { startOpinio } from "../lib/servers";
import { median } from "../lib/timing";
import { PAGE_PROBE, type PageProbe as Probe } from "../lib/page-probe";
import { startStaticCopy } from "../lib/static-copy";
import type { BenchOptions, BenchResult, BenchRow } from "../lib/types";

/** Metric names, shared with the smoke test; each appears once per cache state, as "… (cold)". */
export const METRICS = {
  firstPaint: "first contentful paint",
  live: "editor live (Saved)",
  layoutShift: "cumulative layout shift",
  longTasks: "long tasks until live, total",
  blocking: "blocking time until live",
  scriptBytes: "JavaScript transferred",
  scriptBytesUnpacked: "JavaScript unpacked",
  mapDrawn: "argument map, strands drawn",
  mapFinal: "argument map, final layout",
} as const;

export const name = "pageload";
export const description =
  "A reader opens a demo strand in Chromium: first paint, editor live, layout shift, long tasks, JavaScript bytes (cold and warm cache); and the demo wiki's argument map: strands drawn, final layout";

const SIZES = { full: { samples: 7 }, quick: { samples: 1 } };
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

type Sample = {
  scripts: { name: string; bytes: number }[];
  fcp: number;
  live: number | null;
  mapDrawn: number | null;
  mapFinal: number | null;
  cls: number;
  longTaskMs: number;
  blockingMs: number;
  scriptBytes: number;
  scriptBytesUnpacked: number;
  shifts: Probe["shifts"];
  /** The editor's timeline (ms since navigation start; NaN when it did not happen). */
  timeline: Record<TimelineMark, number>;
  /** Long tasks before live, longest first (ms). */
  tasks: number[];
};

/** Moments of a strand's load, in order, for the notes. */
const TIMELINE = {
  domContentLoaded: "DOMContentLoaded",
  lastScript: "last script downloaded",
  socketCreated: "collab socket created",
  socketOpened: "socket open",
  firstMessage: "first collab message",
  editorShown: "editor shown",
  live: "live",
} as const;
type TimelineMark = keyof typeof TIMELINE;

async function newContext(browser: Browser, origin: string, cookie?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-GB" });
  await context.addInitScript(PAGE_PROBE);
  if (cookie) await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: origin }]);
  return context;
}

/** What a load waits for: the live editor (strand pages), the map's final layout (map pages), or nothing. */
type Until = "live" | "map" | null;

/** One load of `url` in `context`, waiting for `until`. */
async function load(context: BrowserContext, url: string, until: Until, reuse?: import("@playwright/test").Page): Promise<Sample> {
  const page = reuse ?? (await context.newPage());
  if (reuse) await page.reload({ waitUntil: "load" });
  else await page.goto(url, { waitUntil: "load" });
  if (until === "live")
    await page.waitForFunction(() => (window as unknown as { __pageload: Probe }).__pageload.live !== null, undefined, { timeout: 30_000 });
  if (until === "map")
    await page.waitForFunction(() => (window as unknown as { __pageload: Probe }).__pageload.mapFinal !== null, undefined, {
      timeout: 60_000,
    });
  // Shifts after the editor takes over (late panels, fonts) still count: watch a little longer.
  await page.waitForTimeout(500);
  const probe = await page.evaluate(() => (window as unknown as { __pageload: Probe }).__pageload);
  const scripts = await page.evaluate(() =>
    (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      .filter((e) => e.initiatorType === "script" || e.name.endsWith(".js"))
      .map((e) => ({ name: new URL(e.name).pathname, transfer: e.transferSize, decoded: e.decodedBodySize, end: e.responseEnd })),
  );
  const domContentLoaded = await page.evaluate(
    () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventStart ?? NaN,
  );
  const end = probe.live ?? Infinity;
  const tasks = probe.longTasks.filter((t) => t.at < end);
  return {
    fcp: probe.fcp ?? NaN,
    live: probe.live,
    // A box in the page's HTML is in the document before anything is painted: on screen at first paint.
    mapDrawn: probe.mapDrawn === null ? null : Math.max(probe.mapDrawn, probe.fcp ?? 0),
    mapFinal: probe.mapFinal,
    cls: probe.cls,
    longTaskMs: tasks.reduce((sum, t) => sum + t.duration, 0),
    blockingMs: tasks.filter((t) => t.at >= (probe.fcp ?? 0)).reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
    scriptBytes: scripts.reduce((sum, s) => sum + s.transfer, 0),
    scriptBytesUnpacked: scripts.reduce((sum, s) => sum + s.decoded, 0),
    shifts: probe.shifts,
    scripts: scripts.map((s) => ({ name: s.name, bytes: s.transfer })),
    timeline: {
      domContentLoaded,
      lastScript: Math.max(...scripts.map((s) => s.end)),
      socketCreated: probe.socket?.created ?? NaN,
      socketOpened: probe.socket?.opened ?? NaN,
      firstMessage: probe.socket?.firstMessage ?? NaN,
      editorShown: probe.editorShown ?? NaN,
      live: probe.live ?? NaN,
    },
    tasks: tasks.map((t) => Math.round(t.duration)).sort((a, b) => b - a),
  };
}

type Measured = { cold: Sample[]; warm: Sample[] };

/**
 * Cold: a fresh context (empty cache) per sample. Warm: reloads in one context after a first visit.
 * With several origins (an A/B), their samples are taken in turns, the first alternating, so each
 * pair meets the same load from whatever else runs on the machine.
 */
async function measure(browser: Browser, origins: string[], path: string, cookie: string | undefined, until: Until, samples: number) {
  const results: Measured[] = origins.map(() => ({ cold: [], warm: [] }));
  const turns = (i: number) => (i % 2 === 0 ? origins.map((_, k) => k) : origins.map((_, k) => origins.length - 1 - k));
  for (let i = 0; i < samples; i++) {
    for (const k of turns(i)) {
      const context = await newContext(browser, origins[k], cookie);
      try {
        results[k].cold.push(await load(context, origins[k] + path, until));
      } finally {
        await context.close();
      }
    }
  }
  const contexts = await Promise.all(origins.map((origin) => newContext(browser, origin, cookie)));
  try {
    const pages = [];
    for (const [k, context] of contexts.entries()) {
      const page = await context.newPage();
      await page.goto(origins[k] + path, { waitUntil: "load" });
      pages.push(page);
    }
    for (let i = 0; i < samples; i++)
      for (const k of turns(i)) results[k].warm.push(await load(contexts[k], origins[k] + path, until, pages[k]));
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
  return results;
}

const med = (samples: Sample[], pick: (s: Sample) => number) => median(samples.map(pick));

/**
 * OPINIO_BENCH_BASELINE=<another checkout, built with `next build`>: the strand and the map are
 * also opened on a second server running that checkout's code, sample for sample in turns with
 * this one, and the A/B rows set each figure against the baseline's in the same run.
 */
const BASELINE = process.env.OPINIO_BENCH_BASELINE ? nodePath.resolve(process.env.OPINIO_BENCH_BASELINE) : undefined;

/** A second data directory with the seeded database, for the baseline's server (which writes to it too). */
function copyDataDir(dataDir: string): string {
  // Closing the bench's own connection checkpoints the WAL, so the copy is the whole database.
  closeDb();
  const copy = makeDataDir("opinio-bench-baseline-");
  fs.cpSync(dataDir, copy, { recursive: true });
  return copy;
}

/** This checkout against the baseline: medians, each with the baseline's median as its reference. */
function abRows(ours: Measured, map: Measured, base: { strand: Measured; map: Measured }): BenchRow[] {
  const reference = (value: number) => ({ label: "baseline checkout, same run", value });
  const rows: BenchRow[] = [];
  for (const state of ["cold", "warm"] as const) {
    const figures: [string, Sample[], Sample[], (s: Sample) => number, string][] = [
      [METRICS.live, ours[state], base.strand[state], (s) => s.live ?? NaN, "ms"],
      [METRICS.longTasks, ours[state], base.strand[state], (s) => s.longTaskMs, "ms"],
      [METRICS.blocking, ours[state], base.strand[state], (s) => s.blockingMs, "ms"],
      [METRICS.firstPaint, ours[state], base.strand[state], (s) => s.fcp, "ms"],
      [METRICS.scriptBytes, ours[state], base.strand[state], (s) => s.scriptBytes / 1024, "KiB"],
      [METRICS.mapDrawn, map[state], base.map[state], (s) => s.mapDrawn ?? NaN, "ms"],
    ];
    for (const [metric, a, b, pick, unit] of figures) {
      rows.push({ metric: `A/B ${metric} (${state})`, value: med(a, pick), unit, reference: reference(Math.max(1e-9, med(b, pick))) });
    }
    rows.push({
      metric: `A/B ${METRICS.layoutShift} (${state})`,
      value: Math.max(...ours[state].map((s) => s.cls)),
      unit: "score (worst sample)",
      reference: reference(Math.max(1e-9, ...base.strand[state].map((s) => s.cls))),
    });
  }
  return rows;
}

export async function run({ quick, dataDir, db }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  if (BASELINE && db === "postgres")
    throw new Error(
      "OPINIO_BENCH_BASELINE runs on SQLite only: the baseline checkout is given a copy of the data directory, not of a PostgreSQL database",
    );
  const { strand, strandPath: path, mapPath, cookie } = await seedDemoReader();

  // An A/B: the same seeded database, copied, served by the other checkout's code and build.
  const baselineDir = BASELINE ? copyDataDir(dataDir) : null;
  const opinio = await startOpinio(dataDir);
  const baseline = baselineDir ? await startOpinio(baselineDir, { root: BASELINE }) : null;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const origins = baseline ? [opinio.url, baseline.url] : [opinio.url];
  let ours: Measured;
  let notFound: Measured;
  let staticCopy: Measured;
  let map: Measured;
  let base: { strand: Measured; map: Measured } | null = null;
  try {
    const strands = await measure(browser, origins, path, cookie, "live", size.samples);
    [notFound] = await measure(browser, [opinio.url], "/no-such-page-bench", cookie, null, size.samples);
    const maps = await measure(browser, origins, mapPath, cookie, "map", size.samples);
    [ours, map] = [strands[0], maps[0]];
    if (baseline) base = { strand: strands[1], map: maps[1] };
    const html = await (await fetch(opinio.url + path, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })).text();
    const copy = await startStaticCopy(html);
    try {
      [staticCopy] = await measure(browser, [copy.url], "/", undefined, null, size.samples);
    } finally {
      await copy.stop();
    }
  } finally {
    await browser.close();
    await opinio.stop();
    await baseline?.stop();
    if (baselineDir) fs.rmSync(baselineDir, { recursive: true, force: true });
  }

  const rows: BenchRow[] = [];
  for (const state of ["cold", "warm"] as const) {
    const o = ours[state];
    const suffix = ` (${state})`;
    if (o.some((s) => s.live === null)) throw new Error("the editor never went live");
    rows.push(
      {
        metric: METRICS.firstPaint + suffix,
        value: med(o, (s) => s.fcp),
        unit: "ms",
        reference: { label: "static copy of the page's HTML", value: med(staticCopy[state], (s) => s.fcp) },
      },
      {
        metric: METRICS.live + suffix,
        value: med(o, (s) => s.live!),
        unit: "ms",
        reference: { label: "Next's 404 page, first paint", value: med(notFound[state], (s) => s.fcp) },
      },
      { metric: METRICS.layoutShift + suffix, value: Math.max(...o.map((s) => s.cls)), unit: "score (worst sample)" },
      { metric: METRICS.longTasks + suffix, value: med(o, (s) => s.longTaskMs), unit: "ms" },
      { metric: METRICS.blocking + suffix, value: med(o, (s) => s.blockingMs), unit: "ms" },
      {
        metric: METRICS.scriptBytes + suffix,
        value: med(o, (s) => s.scriptBytes) / 1024,
        unit: "KiB",
        reference: { label: "Next's 404 page", value: Math.max(1, med(notFound[state], (s) => s.scriptBytes) / 1024) },
      },
      {
        metric: METRICS.scriptBytesUnpacked + suffix,
        value: med(o, (s) => s.scriptBytesUnpacked) / 1024,
        unit: "KiB",
        reference: { label: "Next's 404 page", value: med(notFound[state], (s) => s.scriptBytesUnpacked) / 1024 },
      },
      {
        metric: METRICS.mapDrawn + suffix,
        value: med(map[state], (s) => s.mapDrawn ?? NaN),
        unit: "ms",
        reference: { label: "Next's 404 page, first paint", value: med(notFound[state], (s) => s.fcp) },
      },
      {
        metric: METRICS.mapFinal + suffix,
        value: med(map[state], (s) => s.mapFinal ?? NaN),
        unit: "ms",
        reference: { label: "Next's 404 page, first paint", value: med(notFound[state], (s) => s.fcp) },
      },
    );
  }
  if (base) rows.push(...abRows(ours, map, base));
  const worst = ours.cold.reduce((a, b) => (b.cls > a.cls ? b : a));
  return {
    rows,
    notes: [
      `Page: the demo wiki's first strand (${strand.title}), signed in as its owner, 1280×860, Chromium ${browser.version()}, ${size.samples} sample(s) per cache state.`,
      "Cold: a fresh browser context per sample (empty HTTP cache). Warm: reloads in one context after a first visit.",
      "Editor live: the ProseMirror editor has replaced the server HTML and the connection says Saved (ms since navigation start).",
      "Argument map (the demo wiki's): cold is a first visit (no layout kept in the browser), so the quick first drawing shows until ELK's layout replaces it; warm reloads use the layout the browser kept.",
      "Long tasks and blocking time (each task's time beyond 50 ms, after first paint) are counted until the editor is live.",
      ...(["cold", "warm"] as const).map(
        (state) =>
          `Timeline (${state}, medians, ms since navigation start): ${Object.entries(TIMELINE)
            .map(([mark, label]) => `${label} ${Math.round(med(ours[state], (s) => s.timeline[mark as TimelineMark]))}`)
            .join(", ")}; long tasks before live (ms, each sample): ${ours[state].map((s) => s.tasks.join("+") || "none").join(" | ")}.`,
      ),
      `Largest scripts (cold, transferred): ${[...ours.cold[0].scripts]
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 6)
        .map((s) => `${s.name.split("/").pop()} ${(s.bytes / 1024).toFixed(0)} KiB`)
        .join(", ")}.`,
      `Worst cold layout shift came from: ${worst.shifts.map((s) => `${s.value.toFixed(3)}@${Math.round(s.at)}ms [${s.nodes.join(", ")}]`).join("; ") || "none"}.`,
    ],
  };
}
