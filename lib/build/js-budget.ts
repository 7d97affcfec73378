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

/** `/w/[wiki]/[page]` → the app segments whose layouts wrap it, and the page: [project]/app/layout, …/page. */
function segmentEntries(route: string): string[] {
  const parts = route.split("/").filter(Boolean);
  const entries = ["[project]/app/layout"];
  for (let i = 1; i <= parts.length; i++) entries.push(`[project]/app/${parts.slice(0, i).join("/")}/layout`);
  entries.push(parts.length ? `[project]/app/${parts.join("/")}/page` : "[project]/app/page");
  return entries;
}

export function routeScripts(nextDir: string, route: string): RouteScripts {
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const entryFiles = readClientManifest(nextDir, route).entryJSFiles ?? {};
  const pageEntry = segmentEntries(route).at(-1)!;
  if (!entryFiles[pageEntry]) throw new Error(`the build lists no scripts for ${pageEntry}`);
  const files = new Set(build.rootMainFiles);
  for (const entry of segmentEntries(route)) for (const file of entryFiles[entry] ?? []) files.add(file);
  const gzipBytes = [...files].reduce((sum, file) => sum + zlib.gzipSync(fs.readFileSync(path.join(nextDir, file))).length, 0);
  return { route, files: [...files].sort(), gzipBytes };
}

export function checkBudgets(nextDir: string, budgets: Budget[]): BudgetResult[] {
  return budgets.map((budget) => {
    const scripts = routeScripts(nextDir, budget.route);
    return { ...scripts, budget, over: scripts.gzipBytes > budget.maxKiB * 1024 };
  });
}
