import { chromium, type Browser } from "@playwright/test";
import { createThread } from "@/lib/commands/comments";
import { seedDemoReader, SESSION_COOKIE } from "../lib/demo-reader";
import { startOpinio } from "../lib/servers";
import { median } from "../lib/timing";
import type { BenchOptions, BenchResult } from "../lib/types";

/**
 * What a keystroke costs the browser's main thread on a strand whose comments panel is full,
 * against the same strand with no comments: every keystroke changes the connection state
 * ("Saving…", "Saved"), which re-renders the page shell, and the panel must not re-render all its
 * cards each time. Chromium's own task accounting (CDP `Performance.getMetrics`), not wall time.
 */

export const METRICS = {
  task: "main-thread time per keystroke",
  script: "script time per keystroke",
} as const;

export const name = "typing";
export const description = "Main-thread work per keystroke in the live editor, on a strand with 40 comment threads against none";

const SIZES = { full: { samples: 3, keys: 60 }, quick: { samples: 1, keys: 8 } };
const THREADS = 40;
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const TEXT = "Due diligence asks what a State knew and could do. ";

type Sample = { taskMs: number; scriptMs: number };

/** Types `keys` characters into the strand's second paragraph; the main thread's task and script time per key. */
async function typeOnce(browser: Browser, origin: string, path: string, cookie: string, keys: number): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-GB" });
  try {
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: origin }]);
    const page = await context.newPage();
    await page.goto(origin + path);
    await page.locator('[data-testid="connection-state"][data-state="saved"]').waitFor({ timeout: 30_000 });
    // Let the load's own work (idle chunks, panel alignment) finish before measuring.
    await page.waitForTimeout(1_000);
    await page.locator('[data-testid="editor"] p').nth(1).click();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const metric = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const get = (key: string) => metrics.find((m) => m.name === key)?.value ?? 0;
      return { task: get("TaskDuration"), script: get("ScriptDuration") };
    };
    const before = await metric();
    for (let i = 0; i < keys; i++) await page.keyboard.type(TEXT[i % TEXT.length], { delay: 40 });
    await page.locator('[data-testid="connection-state"][data-state="saved"]').waitFor({ timeout: 30_000 });
    const after = await metric();
    return { taskMs: ((after.task - before.task) * 1000) / keys, scriptMs: ((after.script - before.script) * 1000) / keys };
  } finally {
    await context.close();
  }
}

export async function run({ quick, dataDir }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const { owner, strand, strandPath, cookie } = await seedDemoReader();
  const server = await startOpinio(dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const none: Sample[] = [];
  const full: Sample[] = [];
  try {
    for (let i = 0; i < size.samples; i++) none.push(await typeOnce(browser, server.url, strandPath, cookie, size.keys));
    // Half on sections, half on the whole page, as a reviewed strand collects them.
    for (let i = 0; i < THREADS; i++)
      await createThread(strand, owner.id, {
        body: `Comment ${i + 1}: is this pinpoint right?`,
        anchor: i % 2 ? { kind: "block", index: i % 9 } : { kind: "page" },
      });
    for (let i = 0; i < size.samples; i++) full.push(await typeOnce(browser, server.url, strandPath, cookie, size.keys));
  } finally {
    await browser.close();
    await server.stop();
  }
  const reference = (samples: Sample[], pick: (s: Sample) => number) => ({
    label: "the same strand, no comments",
    value: median(samples.map(pick)),
  });
  return {
    rows: [
      {
        metric: `${METRICS.task} (${THREADS} threads)`,
        value: median(full.map((s) => s.taskMs)),
        unit: "ms",
        reference: reference(none, (s) => s.taskMs),
      },
      {
        metric: `${METRICS.script} (${THREADS} threads)`,
        value: median(full.map((s) => s.scriptMs)),
        unit: "ms",
        reference: reference(none, (s) => s.scriptMs),
      },
    ],
    notes: [
      `Workload: the demo wiki's first strand, signed in as its owner, 1280×860, Chromium at ${CHROMIUM}; ${size.keys} characters typed into its second paragraph, 40 ms apart, until Saved; median of ${size.samples} sample(s), each in a fresh browser context after the editor is live and the page has settled for 1 s.`,
      `Then ${THREADS} comment threads are added to the strand (half on sections, half on the page) and the same is measured again.`,
      "Figures: Chromium's TaskDuration and ScriptDuration (CDP Performance.getMetrics) over the typing, divided by the keystrokes: the renderer's main-thread work, not wall time.",
    ],
  };
}
