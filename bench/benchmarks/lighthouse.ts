import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedDemoReader, SESSION_COOKIE } from "../lib/demo-reader";
import { startOpinio } from "../lib/servers";
import { startStaticCopy } from "../lib/static-copy";
import { median } from "../lib/timing";
import type { BenchOptions, BenchResult, BenchRow } from "../lib/types";

/**
 * Lighthouse (desktop preset) on a signed-in demo strand and on the argument map, with a static
 * copy of the strand's HTML as the reference: the figures issue 17 states its goals in.
 *
 * Lighthouse is not a dependency of Opinio: it is run with `npx` at the pinned version (12.2.3,
 * the last that runs on Node 20; 13 needs Node 22) and drives Debian's Chromium. Not part of the
 * smoke test, which must not fetch packages.
 */

export const METRICS = {
  score: "performance score",
  cls: "cumulative layout shift",
  tbt: "total blocking time",
  fcp: "first contentful paint",
  lcp: "largest contentful paint",
  script: "JavaScript transferred",
} as const;

export const name = "lighthouse";
export const description =
  "Lighthouse 12.2.3, desktop preset, signed in: a demo strand and the argument map, against a static copy of the strand";

const LIGHTHOUSE = "lighthouse@12.2.3";
const SIZES = { full: { runs: 3 }, quick: { runs: 1 } };
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROME_FLAGS =
  "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync";

type Audit = { numericValue?: number; details?: { items?: { resourceType?: string; transferSize?: number }[] } };
type Report = { categories: { performance: { score: number } }; audits: Record<string, Audit> };
type Figures = { score: number; cls: number; tbt: number; fcp: number; lcp: number; scriptKiB: number };

function runLighthouse(url: string, cookie: string): Promise<Figures> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "opinio-lh-")), "report.json");
  const args = [
    "--yes",
    LIGHTHOUSE,
    url,
    "--preset=desktop",
    "--only-categories=performance",
    "--output=json",
    `--output-path=${out}`,
    `--chrome-path=${CHROMIUM}`,
    `--chrome-flags=${CHROME_FLAGS}`,
    `--extra-headers=${JSON.stringify({ cookie: `${SESSION_COOKIE}=${cookie}` })}`,
    "--quiet",
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("npx", args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CHROME_PATH: CHROMIUM } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      try {
        if (code !== 0) throw new Error(`lighthouse exited with ${code}: ${stderr.slice(-800)}`);
        const report = JSON.parse(fs.readFileSync(out, "utf8")) as Report;
        const value = (id: string) => report.audits[id]?.numericValue ?? NaN;
        const scripts = report.audits["network-requests"]?.details?.items?.filter((i) => i.resourceType === "Script") ?? [];
        resolve({
          score: report.categories.performance.score,
          cls: value("cumulative-layout-shift"),
          tbt: value("total-blocking-time"),
          fcp: value("first-contentful-paint"),
          lcp: value("largest-contentful-paint"),
          scriptKiB: scripts.reduce((sum, s) => sum + (s.transferSize ?? 0), 0) / 1024,
        });
      } catch (error) {
        reject(error);
      } finally {
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
      }
    });
  });
}

async function runs(url: string, cookie: string, count: number): Promise<Figures[]> {
  const all: Figures[] = [];
  for (let i = 0; i < count; i++) all.push(await runLighthouse(url, cookie));
  return all;
}

export async function run({ quick, dataDir }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const { strandPath, mapPath, cookie } = await seedDemoReader();

  const opinio = await startOpinio(dataDir);
  let pages: { label: string; figures: Figures[] }[];
  let reference: Figures[];
  try {
    // Lighthouse refuses to audit a 404, so the reference is the strand's own HTML without its scripts.
    const html = await (await fetch(`${opinio.url}${strandPath}`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })).text();
    const copy = await startStaticCopy(html);
    try {
      reference = await runs(copy.url, cookie, size.runs);
    } finally {
      await copy.stop();
    }
    pages = [
      { label: "strand", figures: await runs(`${opinio.url}${strandPath}`, cookie, size.runs) },
      { label: "argument map", figures: await runs(`${opinio.url}${mapPath}`, cookie, size.runs) },
    ];
  } finally {
    await opinio.stop();
  }

  const med = (figures: Figures[], pick: (f: Figures) => number) => median(figures.map(pick));
  const rows: BenchRow[] = [];
  for (const { label, figures } of pages) {
    // A page without scripts blocks nothing and transfers no script: a ratio to 0 says nothing.
    const row = (metric: string, pick: (f: Figures) => number, unit: string): BenchRow => {
      const base = med(reference, pick);
      return {
        metric: `${label}: ${metric}`,
        value: med(figures, pick),
        unit,
        ...(base > 0 ? { reference: { label: "static copy of the strand's HTML", value: base } } : {}),
      };
    };
    rows.push(
      row(METRICS.score, (f) => f.score, "0–1"),
      { metric: `${label}: ${METRICS.cls}`, value: med(figures, (f) => f.cls), unit: "score" },
      row(METRICS.tbt, (f) => f.tbt, "ms"),
      row(METRICS.fcp, (f) => f.fcp, "ms"),
      row(METRICS.lcp, (f) => f.lcp, "ms"),
      row(METRICS.script, (f) => f.scriptKiB, "KiB"),
    );
  }
  return {
    rows,
    notes: [
      `${LIGHTHOUSE} with --preset=desktop (simulated throttling), Chromium at ${CHROMIUM}, signed in as the demo wiki's owner; median of ${size.runs} run(s) per page.`,
      "Reference: the strand's server HTML with every script removed, served by bare node:http (what the page costs with no application at all; Lighthouse will not audit Next's 404 page).",
    ],
  };
}
