import { chromium, type Browser, type BrowserContext } from "@playwright/test";
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
    mapDrawn: probe.mapDrawn,
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

/** Cold: a fresh context (empty cache) per sample. Warm: reloads in one context after a first visit. */
async function measure(browser: Browser, origin: string, path: string, cookie: string | undefined, until: Until, samples: number) {
  const cold: Sample[] = [];
  for (let i = 0; i < samples; i++) {
    const context = await newContext(browser, origin, cookie);
    try {
      cold.push(await load(context, origin + path, until));
    } finally {
      await context.close();
    }
  }
  const warm: Sample[] = [];
  const context = await newContext(browser, origin, cookie);
  try {
    const page = await context.newPage();
    await page.goto(origin + path, { waitUntil: "load" });
    for (let i = 0; i < samples; i++) warm.push(await load(context, origin + path, until, page));
  } finally {
    await context.close();
  }
  return { cold, warm };
}

const med = (samples: Sample[], pick: (s: Sample) => number) => median(samples.map(pick));

export async function run({ quick, dataDir }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const { strand, strandPath: path, mapPath, cookie } = await seedDemoReader();

  const opinio = await startOpinio(dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  let ours: Awaited<ReturnType<typeof measure>>;
  let notFound: Awaited<ReturnType<typeof measure>>;
  let staticCopy: Awaited<ReturnType<typeof measure>>;
  let map: Awaited<ReturnType<typeof measure>>;
  try {
    ours = await measure(browser, opinio.url, path, cookie, "live", size.samples);
    notFound = await measure(browser, opinio.url, "/no-such-page-bench", cookie, null, size.samples);
    map = await measure(browser, opinio.url, mapPath, cookie, "map", size.samples);
    const html = await (await fetch(opinio.url + path, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })).text();
    const copy = await startStaticCopy(html);
    try {
      staticCopy = await measure(browser, copy.url, "/", undefined, null, size.samples);
    } finally {
      await copy.stop();
    }
  } finally {
    await browser.close();
    await opinio.stop();
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
