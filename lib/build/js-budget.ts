import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

/**
 * How much JavaScript a page of the production build makes a browser download before it is
 * interactive: Next's root scripts plus the chunks of the page's layouts and the page itself, as
 * the build's manifests list them, gzipped as the server sends them. Scripts a page loads later
 * (dynamic imports, workers) are not counted: that is the point of loading them later.
 */

export type RouteScripts = { route: string; files: string[]; gzipBytes: number };
export type Budget = { route: string; maxKiB: number; targetKiB?: number; why: string };
export type BudgetResult = RouteScripts & { budget: Budget; over: boolean };

type ClientManifest = { entryJSFiles?: Record<string, string[]> };

/** The client-reference manifest the build writes beside a route's server page. */
function readClientManifest(nextDir: string, route: string): ClientManifest {
  const file = path.join(nextDir, "server", "app", ...route.split("/").filter(Boolean), "page_client-reference-manifest.js");
  if (!fs.existsSync(file)) throw new Error(`no build output for ${route} (${file}): run \`next build\` first`);
  // The manifest is a script that assigns to globalThis.__RSC_MANIFEST; run it against an empty global.
  const sandbox: { __RSC_MANIFEST?: Record<string, ClientManifest> } = {};
  vm.runInNewContext(fs.readFileSync(file, "utf8"), { globalThis: sandbox });
  const manifest = sandbox.__RSC_MANIFEST?.[`${route === "/" ? "" : route}/page`];
  if (!manifest) throw new Error(`${file} has no manifest for ${route}`);
  return manifest;
}

/**
 * `/w/[wiki]/[page]` → the app segments whose layouts wrap it, and the page: app/layout, …/page,
 * under `root` (see projectRoot).
 */
function segmentEntries(route: string, root: string): string[] {
  const parts = route.split("/").filter(Boolean);
  const entries = [`${root}app/layout`];
  for (let i = 1; i <= parts.length; i++) entries.push(`${root}app/${parts.slice(0, i).join("/")}/layout`);
  entries.push(parts.length ? `${root}app/${parts.join("/")}/page` : `${root}app/page`);
  return entries;
}

/**
 * Turbopack names entries from the output tracing root: `[project]/app/…` for a checkout built as
 * it is, `[project]/<folder>/app/…` when that root is a parent folder (a git worktree built with
 * NEXT_PRIVATE_OUTPUT_TRACE_ROOT). The page's own entry tells which.
 */
function projectRoot(entryFiles: Record<string, string[]>, route: string): string | null {
  const page = segmentEntries(route, "").at(-1)!;
  const key = Object.keys(entryFiles).find((k) => k.startsWith("[project]/") && (k.endsWith(`/${page}`) || k === `[project]/${page}`));
  return key ? key.slice(0, key.length - page.length) : null;
}

export function routeScripts(nextDir: string, route: string): RouteScripts {
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const entryFiles = readClientManifest(nextDir, route).entryJSFiles ?? {};
  const root = projectRoot(entryFiles, route);
  if (!root) throw new Error(`the build lists no scripts for ${segmentEntries(route, "[project]/").at(-1)}`);
  const files = new Set(build.rootMainFiles);
  for (const entry of segmentEntries(route, root)) for (const file of entryFiles[entry] ?? []) files.add(file);
  const gzipBytes = [...files].reduce((sum, file) => sum + zlib.gzipSync(fs.readFileSync(path.join(nextDir, file))).length, 0);
  return { route, files: [...files].sort(), gzipBytes };
}

export function checkBudgets(nextDir: string, budgets: Budget[]): BudgetResult[] {
  return budgets.map((budget) => {
    const scripts = routeScripts(nextDir, budget.route);
    return { ...scripts, budget, over: scripts.gzipBytes > budget.maxKiB * 1024 };
  });
}
